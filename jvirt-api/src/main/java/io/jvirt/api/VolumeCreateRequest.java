package io.jvirt.api;

/**
 * The body of {@code vol-create-as}: an empty volume from a few parameters instead of XML.
 *
 * @param name the new volume's name
 * @param format raw or qcow2 (null: raw)
 * @param capacity the size the guest sees, in bytes (0 with a backing volume: the backing volume's size)
 * @param allocation bytes to reserve at once (raw), or null for libvirt's default (all of it for raw)
 * @param backing a volume of the same pool, or an absolute path, for a thin qcow2 overlay; or null
 * @param preallocate preallocate qcow2 metadata (libvirt's prealloc-metadata)
 */
public record VolumeCreateRequest(String name, String format, long capacity, Long allocation, String backing,
                                  boolean preallocate) {
}
