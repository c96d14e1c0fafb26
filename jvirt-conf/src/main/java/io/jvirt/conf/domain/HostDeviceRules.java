package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that span host devices, interfaces and the platform devices, as libvirt checks them at
 * define time (virDomainDefHostdevValidate, the single watchdog/IOMMU/vsock of libvirt 9.0, the
 * teaming partners, the mdev display): every broken rule is reported.
 */
final class HostDeviceRules {

    private HostDeviceRules() {
    }

    static void check(Devices d, List<ConfException> problems) {
        once(d, DeviceKind.WATCHDOG, problems);
        once(d, DeviceKind.IOMMU, problems);
        once(d, DeviceKind.VSOCK, problems);
        hostdevs(d, problems);
        panics(d.panics(), problems);
        Set<String> shmemNames = new HashSet<>();
        for (ShmemDef s : d.shmems()) {
            if (!shmemNames.add(s.name())) {
                problems.add(new ConfException(Kind.DUPLICATE, "There is more than one <shmem> named '" + s.name()
                        + "'."));
            }
        }
        teams(d, problems);
    }

    private static void once(Devices d, DeviceKind kind, List<ConfException> problems) {
        long n = d.all().stream().filter(x -> x.kind() == kind).count();
        if (n > 1) {
            problems.add(new ConfException(Kind.DUPLICATE, "<" + kind.element()
                    + "> may appear only once inside <devices>."));
        }
    }

    private static void hostdevs(Devices d, List<ConfException> problems) {
        Set<Object> seen = new HashSet<>();
        int ramfb = 0;
        for (HostdevDef h : d.hostdevs()) {
            Object key = identity(h.source());
            if (!seen.add(key)) {
                problems.add(new ConfException(Kind.DUPLICATE, "The " + h.describe()
                        + " is assigned more than once; a host device goes to one place."));
            }
            if (h.source() instanceof HostdevSource.Mdev m) {
                if (Boolean.TRUE.equals(m.ramfb())) {
                    ramfb++;
                }
                if (Boolean.TRUE.equals(m.display()) && d.graphics().isEmpty()) {
                    problems.add(new ConfException(Kind.CONFLICT, "The " + h.describe() + " shows its display "
                            + "(display='on'), which needs a <graphics> device."));
                }
            }
        }
        for (InterfaceDef n : d.interfaces()) {
            if (n.backend() instanceof NetBackend.Hostdev h && !seen.add(identity(h.source()))) {
                problems.add(new ConfException(Kind.DUPLICATE, "The host device of interface " + n.mac()
                        + " is assigned more than once; a host device goes to one place."));
            }
        }
        if (ramfb > 1) {
            problems.add(new ConfException(Kind.CONFLICT, "Only one mediated device can have ramfb='on'."));
        }
    }

    /** What makes two host devices the same device of the host. */
    private static Object identity(HostdevSource s) {
        return switch (s) {
            case HostdevSource.Pci p -> p.host();
            case HostdevSource.Usb u -> u.hasAddress() ? List.of("usb", u.bus(), u.device())
                    : List.of("usb-id", u.vendor(), u.product());
            case HostdevSource.Scsi sc -> sc.target();
            case HostdevSource.ScsiHost h -> h.wwpn();
            case HostdevSource.Mdev m -> m.uuid();
        };
    }

    private static void panics(List<PanicDef> panics, List<ConfException> problems) {
        Map<PanicDef.Model, Integer> count = new HashMap<>();
        for (PanicDef p : panics) {
            if (count.merge(p.model(), 1, Integer::sum) == 2) {
                problems.add(new ConfException(Kind.DUPLICATE, "There is more than one <panic> of model '"
                        + p.model().xml() + "'."));
            }
        }
    }

    /** A transient team member names the alias of a persistent virtio card of this domain. */
    private static void teams(Devices d, List<ConfException> problems) {
        Set<String> persistent = new HashSet<>();
        for (InterfaceDef n : d.interfaces()) {
            TeamingDef t = n.options().teaming();
            if (t != null && t.type() == TeamingDef.Type.PERSISTENT) {
                persistent.add(n.options().alias());
            }
        }
        List<TeamingDef> transients = new ArrayList<>();
        d.interfaces().stream().map(n -> n.options().teaming()).filter(t -> t != null
                && t.type() == TeamingDef.Type.TRANSIENT).forEach(transients::add);
        d.hostdevs().stream().map(HostdevDef::teaming).filter(t -> t != null).forEach(transients::add);
        for (TeamingDef t : transients) {
            if (!persistent.contains(t.persistent())) {
                problems.add(new ConfException(Kind.CONFLICT, "The transient team member names '" + t.persistent()
                        + "', which no persistent virtio card of this domain has as its <alias>."));
            }
        }
    }
}
