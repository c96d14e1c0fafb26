package io.jvirt.image;

/**
 * A run of guest bytes with one allocation state in one image layer.
 *
 * @param offset guest offset
 * @param length length in bytes, positive
 * @param type what the layer holds there
 * @param hostOffset file offset of the data when {@code type} is DATA and it is stored
 *     uncompressed and contiguous, otherwise -1
 */
public record Extent(long offset, long length, Type type, long hostOffset) {

    /** What one layer holds for a range. */
    public enum Type {
        /** Data stored in this layer. */
        DATA,
        /** Reads as zeroes, decided by this layer. */
        ZERO,
        /** Not allocated here: read from the backing file (or zeroes when there is none). */
        UNALLOCATED
    }

    /** Validates the extent. */
    public Extent {
        if (length <= 0 || offset < 0) {
            throw new IllegalArgumentException("An extent needs a positive length and a non-negative offset.");
        }
    }

    /** @return the guest offset just past this extent */
    public long end() {
        return offset + length;
    }
}
