package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.LaunchSecurityDef;
import io.jvirt.conf.domain.RngDef;
import io.jvirt.daemon.host.HostView;
import java.util.ArrayList;
import java.util.List;

/**
 * What a domain's platform devices need of this host, checked before anything changes: the
 * vhost-vsock device, the rng source file, and AMD SEV for {@code <launchSecurity type='sev'>}.
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
