package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;

import java.nio.file.Path;
import java.util.List;

/**
 * Gives a domain's disks their host side before QEMU starts: {@code volume} disks resolved to
 * their files, and the images locked so that no other domain writes what this one uses. Taken
 * away when QEMU has ended. Implemented by the storage service; the domain runner only calls
 * it, next to {@link NicPlumbing}.
 */
public interface DiskPlumbing {

    /**
     * Resolves the volume disks and locks every image the domain will use.
     *
     * @param domain the domain name, for messages and as the lock holder
     * @param def the definition about to start
     * @return the live definition: {@code def} with each volume disk's file (and format) filled in
     * @throws io.jvirt.daemon.DaemonException when a volume cannot be used or an image is in use
     *     by another domain; nothing is left locked
     */
    DomainDef plug(String domain, DomainDef def);

    /**
     * Resolves and locks a disk added to a running domain (or a new medium of one of its drives),
     * as {@link #plug} does at start; refused in the same way, with a message that says the disk
     * cannot be attached.
     *
     * @param domain the domain name
     * @param live the live definition the disk joins, without it
     * @param disk the disk
     * @return the disk with its volume's file (and format) filled in
     */
    DiskDef plugDisk(String domain, DomainDef live, DiskDef disk);

    /**
     * Releases the locks of one disk detached from a running domain (or of the medium taken out
     * of one of its drives). Never throws.
     *
     * @param domain the domain name
     * @param disk the disk as the live definition has it
     */
    void unplugDisk(String domain, DiskDef disk);

    /**
     * Takes the locks of a domain found running after a daemon restart, from its live
     * definition, without refusing anything (the domain runs either way).
     *
     * @param domain the domain name
     * @param live the live definition {@link #plug} returned before the restart
     */
    void adopt(String domain, DomainDef live);

    /**
     * Releases the domain's locks once QEMU has ended. Never throws.
     *
     * @param domain the domain name
     * @param live the live definition
     */
    void unplug(String domain, DomainDef live);

    /**
     * Who holds an image through the daemon's disk leases, in words ({@code domain 'vm1'}, a
     * running volume job); none without the storage service.
     *
     * @param image the image file
     * @return the holders, sorted
     */
    default List<String> holders(Path image) {
        return List.of();
    }

    /** Plumbing for a daemon without the storage service: disks pass through unchanged, nothing is locked. */
    DiskPlumbing NONE = new DiskPlumbing() {
        @Override
        public DomainDef plug(String domain, DomainDef def) {
            return def;
        }

        @Override
        public DiskDef plugDisk(String domain, DomainDef live, DiskDef disk) {
            return disk;
        }

        @Override
        public void unplugDisk(String domain, DiskDef disk) {
        }

        @Override
        public void adopt(String domain, DomainDef live) {
        }

        @Override
        public void unplug(String domain, DomainDef live) {
        }
    };
}
