package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.FilesystemDef;

/**
 * Guest RAM that a vhost-user back end (virtiofsd, a vhost-user-blk server) can map. libvirt
 * refuses such a device unless the definition shares the memory ({@code <memoryBacking><access
 * mode='shared'/>} or {@code memAccess='shared'} on the NUMA cells); jvirt shares it by itself
 * where the definition leaves the access mode open: {@link MemoryBackend} then gives every
 * region {@code share=on}, in a {@code memory-backend-memfd} when nothing else backs it.
 */
final class SharedMemory {

    private SharedMemory() {
    }

    /** Returns whether the domain has a device that maps guest RAM. */
    static boolean needed(DomainDef def) {
        return def.devices().filesystems().stream().anyMatch(f -> f.effectiveDriver() == FilesystemDef.Driver.VIRTIOFS)
                || def.devices().disks().stream().anyMatch(d -> d.location() instanceof DiskSource.VhostUser);
    }
}
