package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.FilesystemDef;
import java.util.List;

/**
 * Guest RAM that a vhost-user back end (virtiofsd, a vhost-user-blk server) can map: QEMU's
 * RAM comes from a {@code memory-backend-memfd} with {@code share=on}, named by the machine's
 * {@code memory-backend}. libvirt asks for {@code <memoryBacking><access mode='shared'/>} in the
 * definition; jvirt does not read {@code <memoryBacking>} yet, so it shares the RAM of every
 * domain that needs it by itself.
 */
final class SharedMemory {

    /** libvirt's id of the machine RAM backend. */
    static final String RAM_ID = "pc.ram";

    private SharedMemory() {
    }

    /** Returns whether the domain has a device that maps guest RAM. */
    static boolean needed(DomainDef def) {
        return def.devices().filesystems().stream().anyMatch(f -> f.effectiveDriver() == FilesystemDef.Driver.VIRTIOFS)
                || def.devices().disks().stream().anyMatch(d -> d.location() instanceof DiskSource.VhostUser);
    }

    /** Adds the shared RAM backend; the machine names it with {@code memory-backend=pc.ram}. */
    static void add(List<String> argv, DomainDef def) {
        argv.add("-object");
        argv.add(Opts.of("memory-backend-memfd").add("id", RAM_ID).add("share", "on")
                .add("size", def.memoryKiB() * 1024).toString());
    }
}
