package io.jvirt.image.vhdx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system metadata items of a VHDX file, read from the metadata region's table: file
 * parameters (block size, fixed, has a parent), virtual disk size, virtual disk id, logical
 * and physical sector size, and for a differencing file the parent locator's key/value pairs.
 *
 * @param blockSize payload block size: a power of two from 1 MiB to 256 MiB
 * @param leaveBlocksAllocated whether the file is fixed (every block kept allocated)
 * @param hasParent whether the file is a differencing file
 * @param virtualSize the guest-visible size: a multiple of the logical sector size, at most 64 TiB
 * @param logicalSectorSize 512 or 4096
 * @param physicalSectorSize 512 or 4096
 * @param parentLocator the VHDX parent locator's entries (empty without a parent)
 */
record VhdxMetadata(int blockSize, boolean leaveBlocksAllocated, boolean hasParent, long virtualSize,
        int logicalSectorSize, int physicalSectorSize, Map<String, String> parentLocator) {

    /** Largest virtual size the specification allows. */
    static final long MAX_SIZE = 64L << 40;
    private static final int TABLE = 64 * 1024;
    private static final long SIGNATURE = 0x617461646174656dL;
    private static final int MAX_ITEM = 1 << 20;
    private static final Guid FILE_PARAMETERS = Guid.parse("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    private static final Guid VIRTUAL_DISK_SIZE = Guid.parse("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    private static final Guid VIRTUAL_DISK_ID = Guid.parse("BECA12AB-B2E6-4523-93EF-C309E000C746");
    private static final Guid LOGICAL_SECTOR = Guid.parse("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    private static final Guid PHYSICAL_SECTOR = Guid.parse("CDA348C7-445D-4471-9CC9-E9885251C556");
    private static final Guid PARENT_LOCATOR = Guid.parse("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");
    private static final Guid VHDX_PARENT = Guid.parse("B04AEFB7-D19E-4A81-B789-25B8E9445913");
    private static final Guid[] KNOWN = {FILE_PARAMETERS, VIRTUAL_DISK_SIZE, VIRTUAL_DISK_ID, LOGICAL_SECTOR,
        PHYSICAL_SECTOR, PARENT_LOCATOR};
    private static final String[] NAMES = {"file parameters", "virtual disk size", "virtual disk id",
        "logical sector size", "physical sector size", "parent locator"};
    private static final int[] MIN_LENGTH = {8, 8, 16, 4, 4, 20};

    /** Defensive copy. */
    VhdxMetadata {
        parentLocator = Map.copyOf(parentLocator);
    }

    /**
     * Reads and validates the metadata.
     *
     * @param f the image after its log replay
     * @param regions the region table
     * @return the metadata
     */
    static VhdxMetadata read(ReplayedFile f, RegionTable regions) {
        long region = regions.metadataOffset();
        long regionLength = regions.metadataLength();
        if (regionLength < TABLE) {
            throw f.file().corrupt("the metadata region of " + regionLength + " bytes cannot hold its 64 KiB table");
        }
        ByteBuffer table = f.read(region, TABLE, "the metadata table");
        if (table.getLong(0) != SIGNATURE) {
            throw f.file().corrupt("the metadata table lacks its signature 'metadata'");
        }
        int count = Short.toUnsignedInt(table.getShort(10));
        if (count > 2047) {
            throw f.file().corrupt("the metadata table claims " + count + " entries, more than the 2047 allowed");
        }
        ByteBuffer[] items = new ByteBuffer[KNOWN.length];
        for (int i = 0; i < count; i++) {
            int at = 32 + i * 32;
            Guid id = Guid.at(table, at);
            long offset = Integer.toUnsignedLong(table.getInt(at + 16));
            long length = Integer.toUnsignedLong(table.getInt(at + 20));
            int flags = table.getInt(at + 24);
            boolean user = (flags & 1) != 0;
            boolean required = (flags & 4) != 0;
            int known = user ? -1 : indexOf(id);
            String name = known >= 0 ? "the " + NAMES[known] + " metadata item" : "metadata item " + id;
            if (length > MAX_ITEM || (length > 0 && offset < TABLE) || (length == 0 && offset != 0)
                    || offset + length > regionLength) {
                throw f.file().corrupt(name + " at offset " + offset + " with length " + length
                        + " does not lie inside the metadata region past its table, or is longer than 1 MiB");
            }
            if (known < 0) {
                if (required && !user) {
                    throw f.file().unsupported("the metadata item " + id + " is marked required, and this reader"
                            + " does not know it");
                }
                continue;
            }
            if (items[known] != null) {
                throw f.file().corrupt("the metadata table lists " + name + " twice");
            }
            if (length < MIN_LENGTH[known]) {
                throw f.file().corrupt(name + " is " + length + " bytes long, shorter than its " + MIN_LENGTH[known]
                        + " bytes");
            }
            items[known] = f.read(region + offset, (int) length, name);
        }
        for (int k = 0; k < 5; k++) {
            if (items[k] == null) {
                throw f.file().corrupt("the metadata table lacks the required " + NAMES[k] + " item");
            }
        }
        return validate(f, items);
    }

    private static VhdxMetadata validate(ReplayedFile f, ByteBuffer[] items) {
        long blockSize = Integer.toUnsignedLong(items[0].getInt(0));
        int bits = items[0].getInt(4);
        boolean hasParent = (bits & 2) != 0;
        long size = items[1].getLong(0);
        long logical = Integer.toUnsignedLong(items[3].getInt(0));
        long physical = Integer.toUnsignedLong(items[4].getInt(0));
        if (blockSize < (1 << 20) || blockSize > (256 << 20) || Long.bitCount(blockSize) != 1) {
            throw f.file().corrupt("the block size " + blockSize + " is not a power of two from 1 MiB to 256 MiB");
        }
        if (logical != 512 && logical != 4096) {
            throw f.file().corrupt("the logical sector size " + logical + " is neither 512 nor 4096");
        }
        if (physical != 512 && physical != 4096) {
            throw f.file().corrupt("the physical sector size " + physical + " is neither 512 nor 4096");
        }
        if (size < 0 || size > MAX_SIZE || size % logical != 0) {
            throw f.file().corrupt("the virtual disk size " + Long.toUnsignedString(size)
                    + " is not a multiple of the logical sector size of at most 64 TiB");
        }
        Map<String, String> locator = Map.of();
        if (hasParent) {
            if (items[5] == null) {
                throw f.file().corrupt("the file parameters name a parent, but there is no parent locator");
            }
            locator = locator(f, items[5]);
        }
        return new VhdxMetadata((int) blockSize, (bits & 1) != 0, hasParent, size, (int) logical, (int) physical,
                locator);
    }

    private static Map<String, String> locator(ReplayedFile f, ByteBuffer item) {
        Guid type = Guid.at(item, 0);
        if (!type.equals(VHDX_PARENT)) {
            throw f.file().unsupported("the parent locator has the type " + type
                    + ", and only VHDX parents (" + VHDX_PARENT + ") are known");
        }
        int count = Short.toUnsignedInt(item.getShort(18));
        int length = item.capacity();
        if (20L + count * 12L > length) {
            throw f.file().corrupt("the parent locator's " + count + " entries do not fit in its " + length + " bytes");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = 20 + i * 12;
            String key = utf16(f, item, item.getInt(at), item.getShort(at + 8));
            String value = utf16(f, item, item.getInt(at + 4), item.getShort(at + 10));
            if (entries.put(key, value) != null) {
                throw f.file().corrupt("the parent locator names the key '" + key + "' twice");
            }
        }
        return entries;
    }

    private static String utf16(ReplayedFile f, ByteBuffer item, int offset, short length) {
        long o = Integer.toUnsignedLong(offset);
        int n = Short.toUnsignedInt(length);
        if (o == 0 || n == 0 || n % 2 != 0 || o + n > item.capacity()) {
            throw f.file().corrupt("a parent locator entry at offset " + o + " with length " + n
                    + " is empty, odd or outside the locator");
        }
        byte[] bytes = new byte[n];
        item.get((int) o, bytes);
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    private static int indexOf(Guid id) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the number of payload blocks per sector bitmap block */
    long chunkRatio() {
        return (1L << 23) * logicalSectorSize / blockSize;
    }

    /** @return whether the disk is fixed: file parameters keep every block allocated, and no parent */
    boolean fixed() {
        return leaveBlocksAllocated && !hasParent;
    }
}
