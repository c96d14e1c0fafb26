package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;

/** The rules that span a domain's disks: iotune groups agree and have limits, IOThreads exist. */
final class DiskGroups {

    private DiskGroups() {
    }

    /**
     * Checks that each disk's IOThread is one the domain defines. jvirt does not read
     * {@code <iothreads>} yet, so a domain has none and a disk cannot name one.
     *
     * @param disks the disks
     * @param iothreads how many IOThreads the domain defines (numbered from 1)
     */
    static void iothreads(List<DiskDef> disks, int iothreads) {
        for (DiskDef d : disks) {
            Integer t = d.driver().iothread();
            if (t != null && t > iothreads) {
                throw new ConfException(Kind.CONFLICT, "The disk '" + d.target().dev() + "' runs in IOThread " + t
                        + ", which the domain does not define (" + (iothreads == 0 ? "it has no <iothreads>"
                        : "it has " + iothreads) + ").");
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
