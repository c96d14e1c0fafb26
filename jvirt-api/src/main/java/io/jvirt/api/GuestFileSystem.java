package io.jvirt.api;

import java.util.List;

/**
 * A file system mounted in the guest, as the guest agent reports it ({@code domfsinfo}).
 *
 * @param mountpoint where it is mounted
 * @param name the guest's name of its device (vda, dm-0, ...)
 * @param type the file system type (ext4, xfs, ...)
 * @param targets the domain's disks it lives on, by their target names (vda, sdb, ...)
 * @param totalBytes its size, null when the agent does not say
 * @param usedBytes the bytes in use, null when the agent does not say
 */
public record GuestFileSystem(String mountpoint, String name, String type, List<String> targets, Long totalBytes,
                              Long usedBytes) {
    public GuestFileSystem {
        targets = List.copyOf(targets);
    }
}
