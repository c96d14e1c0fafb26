package io.jvirt.api;

import java.util.List;

/**
 * What {@code vol-list}, {@code vol-info}, {@code vol-path} and {@code vol-key} show about one
 * storage volume.
 *
 * @param name the volume name, unique in its pool
 * @param pool the pool holding it
 * @param key the volume's unique key (for file volumes, the path)
 * @param path the volume's file
 * @param type the volume type: file
 * @param format the image format: raw, qcow2, vmdk, vdi or vpc
 * @param capacity the size the guest sees, in bytes
 * @param allocation the bytes the file occupies on disk
 * @param physical the file's size in bytes
 * @param backing the backing image of a qcow2 volume, or null
 * @param usedBy the domains whose disks use the volume now (directly or as a backing image)
 */
public record StorageVolumeInfo(String name, String pool, String key, String path, String type, String format,
                                long capacity, long allocation, long physical, String backing, List<String> usedBy) {
    /** Copies the list. */
    public StorageVolumeInfo {
        usedBy = usedBy == null ? List.of() : List.copyOf(usedBy);
    }
}
