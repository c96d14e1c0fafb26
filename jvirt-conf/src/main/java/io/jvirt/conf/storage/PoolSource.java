package io.jvirt.conf.storage;

/**
 * The {@code <source>} of a pool: where its space comes from.
 *
 * @param device the block device of an fs pool, an absolute path, or null
 * @param format the device's file system, or null when none is given
 */
public record PoolSource(String device, FsFormat format) {

    /** An empty source, as dir pools have. */
    public static final PoolSource NONE = new PoolSource(null, null);

    /** Validates the device path. */
    public PoolSource {
        device = StorageChecks.absolutePath(device, "The source device");
    }

    /** Returns whether nothing is given. */
    public boolean isEmpty() {
        return device == null && format == null;
    }
}
