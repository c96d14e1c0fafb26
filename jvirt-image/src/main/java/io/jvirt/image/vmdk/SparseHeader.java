package io.jvirt.image.vmdk;

import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 512-byte header of a hosted sparse VMDK extent ({@code SparseExtentHeader} in
 * VMware's specification), validated. All offsets and sizes are in 512-byte sectors.
 *
 * @param version          format version, 1 to 3
 * @param flags            feature flags
 * @param capacity         guest size in sectors
 * @param grainSize        grain size in sectors, a power of two
 * @param descriptorOffset sector of the embedded descriptor, or 0
 * @param descriptorSize   length of the embedded descriptor in sectors
 * @param gtesPerGt        entries per grain table
 * @param gdOffset         sector of the grain directory, or {@link #GD_AT_END}
 * @param overhead         sectors of metadata before the first grain
 */
record SparseHeader(int version, int flags, long capacity, long grainSize, long descriptorOffset,
        long descriptorSize, int gtesPerGt, long gdOffset, long overhead) {

    /** The magic number "KDMV" read as a little-endian integer. */
    static final int MAGIC = 0x564d444b;
    /** Header size in bytes. */
    static final int SIZE = 512;
    /** The grain directory offset of a stream whose real header is the footer. */
    static final long GD_AT_END = -1L;
    /** Largest grain accepted, in sectors (16 MiB). */
    static final long MAX_GRAIN_SECTORS = 32768;
    /** Largest embedded descriptor accepted, in sectors (1 MiB). */
    static final long MAX_DESCRIPTOR_SECTORS = 2048;

    static final int FLAG_NEWLINE_TEST = 1;
    static final int FLAG_ZERO_GRAINS = 1 << 2;
    static final int FLAG_COMPRESSED = 1 << 16;
    static final int FLAG_MARKERS = 1 << 17;
    private static final int COMPRESSION_DEFLATE = 1;

    /**
     * Parses and validates a header.
     *
     * @param file  the image, for messages
     * @param bytes the 512 header bytes
     * @param where "header" or "footer", for messages
     */
    static SparseHeader parse(ImageFile file, ByteBuffer bytes, String where) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw file.corrupt("the " + where + " does not start with the magic bytes KDMV");
        }
        int version = b.getInt(4);
        int flags = b.getInt(8);
        long capacity = b.getLong(12);
        long grainSize = b.getLong(20);
        long descriptorOffset = b.getLong(28);
        long descriptorSize = b.getLong(36);
        int gtesPerGt = b.getInt(44);
        long gdOffset = b.getLong(56);
        long overhead = b.getLong(64);
        int compression = Short.toUnsignedInt(b.getShort(77));

        if (version < 1 || version > 3) {
            throw file.unsupported("the " + where + " has version " + Integer.toUnsignedString(version)
                    + ", but only versions 1 to 3 are known");
        }
        if ((flags & FLAG_NEWLINE_TEST) != 0
                && (b.get(73) != '\n' || b.get(74) != ' ' || b.get(75) != '\r' || b.get(76) != '\n')) {
            throw file.corrupt("the newline test characters in the " + where
                    + " are altered, so the file was probably transferred in text mode");
        }
        if (capacity < 0 || capacity > ForeignImage.MAX_VIRTUAL_SIZE / 512) {
            throw file.limit("the " + where + " declares a capacity of " + Long.toUnsignedString(capacity)
                    + " sectors, more than the 2^62 bytes jvirt accepts");
        }
        if (grainSize <= 0 || Long.bitCount(grainSize) != 1) {
            throw file.corrupt("the grain size of " + Long.toUnsignedString(grainSize)
                    + " sectors in the " + where + " is not a power of two");
        }
        if (grainSize > MAX_GRAIN_SECTORS) {
            throw file.limit("the grain size of " + grainSize + " sectors in the " + where
                    + " exceeds the limit of " + MAX_GRAIN_SECTORS + " sectors");
        }
        if (gtesPerGt <= 0 || gtesPerGt > 512) {
            throw file.corrupt("the " + where + " declares " + Integer.toUnsignedString(gtesPerGt)
                    + " entries per grain table, but it must be between 1 and 512");
        }
        if (descriptorSize < 0 || descriptorSize > MAX_DESCRIPTOR_SECTORS) {
            throw file.limit("the embedded descriptor of " + Long.toUnsignedString(descriptorSize)
                    + " sectors exceeds the limit of " + MAX_DESCRIPTOR_SECTORS + " sectors");
        }
        if (descriptorOffset < 0 || descriptorOffset > file.size() / 512) {
            throw file.truncated("the embedded descriptor at sector " + Long.toUnsignedString(descriptorOffset)
                    + " lies past the end of the file");
        }
        if (gdOffset != GD_AT_END && (gdOffset <= 0 || gdOffset > file.size() / 512)) {
            throw gdOffset == 0 ? file.corrupt("the grain directory offset in the " + where + " is zero")
                    : file.truncated("the grain directory at sector " + Long.toUnsignedString(gdOffset)
                            + " lies past the end of the file");
        }
        if ((flags & FLAG_COMPRESSED) != 0 && compression != COMPRESSION_DEFLATE) {
            throw file.unsupported("grains are compressed with algorithm " + compression
                    + ", but only deflate (1) is implemented");
        }
        return new SparseHeader(version, flags, capacity, grainSize, descriptorOffset, descriptorSize,
                gtesPerGt, gdOffset, overhead);
    }

    boolean compressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    boolean hasMarkers() {
        return (flags & FLAG_MARKERS) != 0;
    }

    boolean zeroGrains() {
        return (flags & FLAG_ZERO_GRAINS) != 0;
    }

    long grainBytes() {
        return grainSize * 512;
    }

    /** Number of grain tables, that is of grain directory entries. */
    long gdEntries() {
        long sectorsPerGt = grainSize * gtesPerGt;
        return (capacity + sectorsPerGt - 1) / sectorsPerGt;
    }
}
