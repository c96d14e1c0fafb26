package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.LaunchSecurityDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.RngDef;
import io.jvirt.daemon.host.HostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a domain's platform devices need of this host, checked before anything changes: the
 * vhost-vsock device, the rng source file, the socket a vhost-user card connects to, and AMD SEV
 * for {@code <launchSecurity type='sev'>}.
 * Every problem is a whole sentence; the host devices are {@link HostdevPlumbing}'s.
 */
final class DeviceHostChecks {

    private DeviceHostChecks() {
    }

    static List<String> problems(DomainDef def, HostView host) {
        List<String> out = new ArrayList<>();
        if (def.devices().vsock() != null && !host.devExists("vhost-vsock")) {
            out.add("Its vsock device needs /dev/vhost-vsock, which this host does not have; load the vhost_vsock "
                    + "module (modprobe vhost_vsock) or use a kernel built with CONFIG_VHOST_VSOCK.");
        }
        for (RngDef r : def.devices().rngs()) {
            if (r.backend() instanceof RngDef.Backend.Random random && random.path().startsWith("/dev/")
                    && !host.devExists(random.path().substring("/dev/".length()))) {
                out.add("Its rng device reads " + random.path() + ", which this host does not have"
                        + (random.path().equals("/dev/hwrng") ? " (no hardware random number generator)" : "")
                        + "; use /dev/urandom.");
            }
        }
        for (InterfaceDef n : def.devices().interfaces()) {
            // a client without reconnect connects once at start: QEMU fails when nothing listens
            if (n.backend() instanceof NetBackend.VhostUser v && !v.server()
                    && (v.reconnect() == null || !v.reconnect().enabled()) && !Files.exists(Path.of(v.path()))) {
                out.add("Its vhost-user interface '" + n.mac() + "' connects to " + v.path() + ", which does not "
                        + "exist: no back end listens there; start the vhost-user switch (such as OVS-DPDK) first, "
                        + "or add <reconnect enabled='yes' timeout='10'/> to its <source> to let QEMU wait for it.");
            }
        }
        if (def.security().launchSecurity() instanceof LaunchSecurityDef.Sev) {
            String sev = host.read("module/kvm_amd/parameters/sev");
            boolean on = sev != null && (sev.equals("1") || sev.equals("Y"));
            if (!on || !host.devExists("sev")) {
                out.add("It asks for AMD SEV (<launchSecurity type='sev'>), which this host does not offer: "
                        + (sev == null ? "kvm_amd is not loaded (no AMD CPU with SEV, or KVM without it)"
                        : "kvm_amd has SEV turned off") + ", and there is " + (host.devExists("sev") ? "a"
                        : "no") + " /dev/sev; remove <launchSecurity>.");
            }
        }
        return out;
    }
}
