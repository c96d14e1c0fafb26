package io.jvirt.image.vhd;

import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The validated 1024-byte dynamic disk header (big-endian) that locates the block
 * allocation table.
 *
 * @param tableOffset file offset of the block allocation table
 * @param entries     number of table entries
 * @param blockSize   data bytes per block, a power of two
 */
record DynamicHeader(long tableOffset, int entries, int blockSize) {

    /** Header size in bytes. */
    static final int SIZE = 1024;
    /** Largest number of table entries accepted (a 64 MiB table). */
    static final long MAX_ENTRIES = 1L << 24;
    /** Largest block size accepted (256 MiB). */
    static final long MAX_BLOCK_SIZE = 1L << 28;
    private static final long COOKIE = 0x6378737061727365L; // "cxsparse"
    private static final int VERSION_1_0 = 0x00010000;

    /**
     * Parses and validates the header.
     *
     * @param virtualSize the guest size the table must cover
     */
    static DynamicHeader parse(ImageFile file, ByteBuffer raw, long virtualSize) {
        ByteBuffer b = raw.order(ByteOrder.BIG_ENDIAN);
        if (b.getLong(0) != COOKIE) {
            throw file.corrupt("the dynamic disk header does not start with the cookie cxsparse");
        }
        if (VhdFooter.checksum(b, 36) != b.getInt(36)) {
            throw file.corrupt("the checksum of the dynamic disk header does not match its contents");
        }
        int version = b.getInt(24);
        if (version != VERSION_1_0) {
            throw file.unsupported("the dynamic disk header has version " + (version >>> 16) + "."
                    + (version & 0xffff) + ", but only version 1.0 is implemented");
        }
        long tableOffset = b.getLong(16);
        long entries = Integer.toUnsignedLong(b.getInt(28));
        long blockSize = Integer.toUnsignedLong(b.getInt(32));
        if (blockSize < 512 || Long.bitCount(blockSize) != 1) {
            throw file.corrupt("the block size of " + blockSize + " bytes is not a power of two of at least 512");
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw file.limit("the block size of " + blockSize + " bytes exceeds the limit of " + MAX_BLOCK_SIZE);
        }
        if (entries > MAX_ENTRIES) {
            throw file.limit("the block allocation table has " + entries + " entries, more than the limit of "
                    + MAX_ENTRIES);
        }
        if (entries * blockSize < virtualSize) {
            throw file.corrupt("the block allocation table of " + entries + " blocks of " + blockSize
                    + " bytes does not cover the disk size of " + virtualSize + " bytes");
        }
        if (tableOffset < 0) {
            throw file.corrupt("the block allocation table offset " + Long.toUnsignedString(tableOffset)
                    + " is impossible");
        }
        return new DynamicHeader(tableOffset, (int) entries, (int) blockSize);
    }

    /** Bytes of the sector bitmap before each block's data, rounded up to a sector. */
    int bitmapSize() {
        int bytes = (blockSize / 512 + 7) / 8;
        return (bytes + 511) & ~511;
    }
}
