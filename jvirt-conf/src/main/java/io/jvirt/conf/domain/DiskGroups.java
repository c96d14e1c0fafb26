package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;

/** The rules that span a domain's disks: iotune groups agree and have limits, IOThreads exist. */
final class DiskGroups {

    private DiskGroups() {
    }

    /**
     * Checks that each disk's IOThread is one the domain defines in {@code <iothreads>} or
     * {@code <iothreadids>}.
     *
     * @param out where the problems go, one per disk
     * @param disks the disks
     * @param iothreads the domain's I/O threads
     */
    static void iothreads(List<ConfException> out, List<DiskDef> disks, IoThreadsDef iothreads) {
        for (DiskDef d : disks) {
            Integer t = d.driver().iothread();
            if (t != null && !iothreads.has(t)) {
                out.add(new ConfException(Kind.CONFLICT, "The disk '" + d.target().dev() + "' runs in IOThread " + t
                        + ", which the domain does not define (" + (iothreads.count() == 0 ? "it has no <iothreads>"
                        : "it has " + iothreads.count()) + ")."));
            }
        }
    }

    static void check(List<DiskDef> disks) {
        for (DiskDef d : disks) {
            IoTune t = d.iotune();
            if (t == null || t.groupName() == null) {
                continue;
            }
            if (!t.hasLimits()) {
                throw new ConfException(Kind.MISSING_VALUE, "The iotune group '" + t.groupName() + "' of disk '"
                        + d.target().dev() + "' has no limits: give them on this disk or on another disk of the group.");
            }
            for (DiskDef o : disks) {
                if (o != d && o.iotune() != null && t.groupName().equals(o.iotune().groupName())
                        && !t.sameLimits(o.iotune())) {
                    throw new ConfException(Kind.CONFLICT, "The disks '" + d.target().dev() + "' and '"
                            + o.target().dev() + "' share the iotune group '" + t.groupName()
                            + "' but set different limits; a group has one set of limits.");
                }
            }
        }
    }
}
