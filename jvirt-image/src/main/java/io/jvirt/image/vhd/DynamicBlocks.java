package io.jvirt.image.vhd;

import io.jvirt.image.Extent;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.Layout;
import io.jvirt.image.foreign.LruCache;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The block allocation table of a dynamic VHD, held in memory, and the sector bitmaps of
 * its blocks, loaded on demand into a small cache.
 */
final class DynamicBlocks {

    private static final int UNALLOCATED = 0xffffffff;
    private static final int CACHED_BITMAPS = 64;

    private final ImageFile file;
    private final DynamicHeader header;
    private final int[] table;
    private final LruCache<byte[]> bitmaps = new LruCache<>(CACHED_BITMAPS);

    private DynamicBlocks(ImageFile file, DynamicHeader header, int[] table) {
        this.file = file;
        this.header = header;
        this.table = table;
    }

    /**
     * Loads the table and checks that every allocated block lies inside the file and
     * overlaps neither another block nor the metadata.
     */
    static DynamicBlocks load(ImageFile f, DynamicHeader header, long dataOffset, boolean footerAtEnd,
            long virtualSize) {
        long tableBytes = header.entries() * 4L;
        f.require(header.tableOffset(), tableBytes, "the block allocation table");
        int[] table = new int[header.entries()];
        f.read(header.tableOffset(), (int) tableBytes, ByteOrder.BIG_ENDIAN, "the block allocation table")
                .asIntBuffer().get(table);
        long span = (long) header.bitmapSize() + header.blockSize();
        int allocated = 0;
        for (int entry : table) {
            if (entry != UNALLOCATED) {
                allocated++;
            }
        }
        long[] starts = new long[allocated];
        int n = 0;
        for (int i = 0; i < table.length; i++) {
            if (table[i] == UNALLOCATED) {
                continue;
            }
            long start = Integer.toUnsignedLong(table[i]) * 512;
            long used = Math.min(header.blockSize(), Math.max(0, virtualSize - (long) i * header.blockSize()));
            f.require(start, header.bitmapSize() + used, "block " + i);
            starts[n++] = start;
        }
        List<Layout.Region> regions = new ArrayList<>(List.of(
                new Layout.Region(dataOffset, DynamicHeader.SIZE, "the dynamic disk header"),
                new Layout.Region(header.tableOffset(), tableBytes, "the block allocation table")));
        if (dataOffset >= VhdFooter.SIZE) {
            regions.add(new Layout.Region(0, VhdFooter.SIZE, "the footer copy at offset 0"));
        }
        if (footerAtEnd) {
            regions.add(new Layout.Region(f.size() - VhdFooter.SIZE, VhdFooter.SIZE, "the footer"));
        }
        Layout.requireDisjoint(f, regions, starts, span, "block");
        return new DynamicBlocks(f, header, table);
    }

    int read(long offset, byte[] buf, int off, int len) {
        Run run = run(offset, len);
        if (run.present()) {
            file.readFully(hostOffset(offset), buf, off, run.length(), "block " + offset / header.blockSize());
        } else {
            Arrays.fill(buf, off, off + run.length(), (byte) 0);
        }
        return run.length();
    }

    Extent runAt(long offset) {
        Run run = run(offset, Integer.MAX_VALUE);
        if (!run.present()) {
            return new Extent(offset, run.length(), Extent.Type.UNALLOCATED, -1);
        }
        return new Extent(offset, run.length(), Extent.Type.DATA, hostOffset(offset));
    }

    private long hostOffset(long offset) {
        long block = offset / header.blockSize();
        return Integer.toUnsignedLong(table[(int) block]) * 512 + header.bitmapSize() + offset % header.blockSize();
    }

    /** A run inside one block: whether its sectors are present, and its length in bytes. */
    private record Run(boolean present, int length) {
    }

    /** Returns the run at {@code offset}, at most {@code max} bytes and within one block. */
    private Run run(long offset, int max) {
        int block = (int) (offset / header.blockSize());
        int inBlock = (int) (offset % header.blockSize());
        int limit = Math.min(max, header.blockSize() - inBlock);
        if (table[block] == UNALLOCATED) {
            return new Run(false, limit);
        }
        byte[] bitmap = bitmaps.get(block, this::loadBitmap);
        int sector = inBlock / 512;
        boolean present = bit(bitmap, sector);
        int length = Math.min(limit, (sector + 1) * 512 - inBlock);
        while (length < limit && bit(bitmap, ++sector) == present) {
            length = Math.min(limit, length + 512);
        }
        return new Run(present, length);
    }

    private static boolean bit(byte[] bitmap, int sector) {
        return (bitmap[sector >>> 3] & (0x80 >>> (sector & 7))) != 0;
    }

    private byte[] loadBitmap(long block) {
        long start = Integer.toUnsignedLong(table[(int) block]) * 512;
        return file.read(start, header.bitmapSize(), ByteOrder.BIG_ENDIAN, "the sector bitmap of block " + block)
                .array();
    }
}
