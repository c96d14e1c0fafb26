package io.jvirt.image.foreign;

/**
 * A run of guest bytes that share one allocation state.
 *
 * <p>An unallocated run reads as zeros and a converter may skip it. Runs that the image
 * marks as explicitly zeroed (VMDK zero grains, discarded VDI blocks) are reported as
 * unallocated too, since they hold no data.
 *
 * @param offset    guest offset of the first byte
 * @param length    number of bytes, at least one
 * @param allocated whether the image stores data for these bytes
 */
public record Extent(long offset, long length, boolean allocated) {

    /** Validates the run. */
    public Extent {
        if (offset < 0) {
            throw new IllegalArgumentException("An extent cannot start at the negative offset " + offset + ".");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("An extent must be at least one byte long, not " + length + ".");
        }
    }

    /** Returns the guest offset just past the last byte of the run. */
    public long end() {
        return offset + length;
    }
}
