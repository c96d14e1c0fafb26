package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.QemuNamespaceDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages {@code dominfo} lists, as virsh lists libvirt's virDomainGetMessages: the taints a
 * running domain got at start (libvirt's wording), then what jvirt keeps in the definition without
 * applying it.
 */
public final class DomainMessages {

    private DomainMessages() {
    }

    /** The messages of a domain: those of its definitions, then the taints its running QEMU got since it started. */
    public static List<String> of(DomainObj d) {
        List<String> out = of(d.liveDef(), d.currentDef());
        if (InspectService.monitorTainted(d)) {
            out.add(0, "tainted: custom monitor control commands issued");
        }
        return out;
    }

    /**
     * The messages of a domain.
     *
     * @param live the running domain's live definition, or null when it does not run
     * @param current the definition {@code dominfo} shows (live, else persistent), or null
     * @return the messages, in libvirt's order of taints
     */
    public static List<String> of(DomainDef live, DomainDef current) {
        List<String> out = new ArrayList<>();
        if (live != null) {
            QemuNamespaceDef q = live.qemu();
            if (!q.args().isEmpty() || !q.env().isEmpty()) {
                out.add("tainted: custom configuration parameters specified");
            }
            if (!q.capsAdd().isEmpty() || !q.capsDel().isEmpty()) {
                out.add("tainted: hypervisor feature autodetection override");
            }
            if (!q.overrides().isEmpty()) {
                out.add("tainted: custom device configuration");
            }
        }
        if (current != null) {
            for (InterfaceDef n : current.devices().interfaces()) {
                if (n.options().filterref() != null) {
                    out.add("not applied: the network filter '" + n.options().filterref().filter() + "' of interface "
                            + n.mac() + " (jvirt has no nwfilter driver)");
                }
                if (Boolean.TRUE.equals(n.options().trustGuestRxFilters())) {
                    out.add("not applied: trustGuestRxFilters of interface " + n.mac() + " (jvirt does not copy the "
                            + "guest's receive filter to the host device)");
                }
            }
            if (!current.idmap().isEmpty()) {
                out.add("not applied: <idmap> (a QEMU guest has no user namespace to map ids into)");
            }
            QemuNamespaceDef q = current.qemu();
            if (!q.capsAdd().isEmpty() || !q.capsDel().isEmpty()) {
                out.add("not applied: <qemu:capabilities> (libvirt's own capability switches change nothing in jvirt)");
            }
        }
        return out;
    }
}
