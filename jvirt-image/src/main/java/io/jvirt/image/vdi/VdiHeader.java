package io.jvirt.image.vdi;

import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;

/**
 * The validated header of a VDI image, version 1.1.
 *
 * @param imageType   1 for dynamic, 2 for fixed
 * @param blockMap    file offset of the block map
 * @param dataOffset  file offset of the first data block
 * @param diskSize    guest size in bytes
 * @param blockSize   block size in bytes, a power of two
 * @param blockExtra  bytes of per-block metadata stored before each block's data
 * @param blocks      number of block map entries
 */
record VdiHeader(int imageType, long blockMap, long dataOffset, long diskSize, int blockSize, int blockExtra,
        int blocks) {

    /** File offset of the signature. */
    static final int SIGNATURE_OFFSET = 0x40;
    /** The signature as a little-endian integer. */
    static final int SIGNATURE = 0xbeda107f;
    /** Bytes read to parse the header: the pre-header and a version 1.1 header. */
    static final int SIZE = 0x200;
    static final int TYPE_DYNAMIC = 1;
    static final int TYPE_FIXED = 2;
    /** Largest number of blocks accepted (a 64 MiB block map). */
    static final int MAX_BLOCKS = 1 << 24;
    /** Largest block size accepted (256 MiB). */
    static final int MAX_BLOCK_SIZE = 1 << 28;
    private static final int VERSION_1_1 = 0x00010001;
    private static final int HEADER_1_1_SIZE = 0x180;

    /** Parses and validates the header from the first {@link #SIZE} bytes of the file. */
    static VdiHeader parse(ImageFile file, ByteBuffer b) {
        int version = b.getInt(0x44);
        if (version != VERSION_1_1) {
            throw file.unsupported("the header has version " + (version >>> 16) + "." + (version & 0xffff)
                    + ", but only version 1.1 is implemented");
        }
        long headerSize = Integer.toUnsignedLong(b.getInt(0x48));
        if (headerSize < HEADER_1_1_SIZE || headerSize > SIZE - SIGNATURE_OFFSET - 8) {
            throw file.corrupt("the header size of " + headerSize + " bytes is outside the range of version 1.1");
        }
        int imageType = b.getInt(0x4c);
        switch (imageType) {
            case TYPE_DYNAMIC, TYPE_FIXED -> {
            }
            case 3, 4 -> throw file.unsupported("the image is of type " + (imageType == 3 ? "undo" : "differencing")
                    + " and has a parent image");
            default -> throw file.corrupt("the image type " + Integer.toUnsignedString(imageType) + " is unknown");
        }
        long blockMap = Integer.toUnsignedLong(b.getInt(0x154));
        long dataOffset = Integer.toUnsignedLong(b.getInt(0x158));
        long sectorSize = Integer.toUnsignedLong(b.getInt(0x168));
        long diskSize = b.getLong(0x170);
        long blockSize = Integer.toUnsignedLong(b.getInt(0x178));
        long blockExtra = Integer.toUnsignedLong(b.getInt(0x17c));
        long blocks = Integer.toUnsignedLong(b.getInt(0x180));
        if (sectorSize != 512) {
            throw file.unsupported("the sector size is " + sectorSize + " bytes, but only 512 is implemented");
        }
        if (diskSize < 0 || diskSize > ForeignImage.MAX_VIRTUAL_SIZE) {
            throw file.limit("the header declares a disk size of " + Long.toUnsignedString(diskSize)
                    + " bytes, more than the 2^62 bytes jvirt accepts");
        }
        if (blockSize < 512 || Long.bitCount(blockSize) != 1) {
            throw file.corrupt("the block size of " + blockSize + " bytes is not a power of two of at least 512");
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw file.limit("the block size of " + blockSize + " bytes exceeds the limit of " + MAX_BLOCK_SIZE);
        }
        if (blockExtra % 512 != 0 || blockExtra > MAX_BLOCK_SIZE) {
            throw file.corrupt("the per-block extra data of " + blockExtra
                    + " bytes is not a multiple of 512 below the block size limit");
        }
        if (blocks > MAX_BLOCKS) {
            throw file.limit("the block map has " + blocks + " entries, more than the limit of " + MAX_BLOCKS);
        }
        if (diskSize > blocks * blockSize) {
            throw file.corrupt("the disk size of " + diskSize + " bytes exceeds the " + blocks + " blocks of "
                    + blockSize + " bytes in the block map");
        }
        if (blockMap < SIZE || blockMap % 512 != 0) {
            throw file.corrupt("the block map offset " + blockMap
                    + " is not a multiple of 512 past the header");
        }
        if (dataOffset % 512 != 0 || dataOffset < blockMap + blocks * 4) {
            throw file.corrupt("the data offset " + dataOffset
                    + " is not a multiple of 512 past the end of the block map");
        }
        return new VdiHeader(imageType, blockMap, dataOffset, diskSize, (int) blockSize, (int) blockExtra,
                (int) blocks);
    }

    /** Bytes one block occupies in the file: extra data then the block itself. */
    long blockSpan() {
        return (long) blockExtra + blockSize;
    }
}
