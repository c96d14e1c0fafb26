package io.jvirt.image.vhdx;

import io.jvirt.image.foreign.Layout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The block allocation table: one 64-bit entry per payload block, with a sector bitmap entry
 * after every chunk of {@code chunkRatio} payload entries. An entry holds a 3-bit state and a
 * file offset in whole MiB. The table is held in memory; at open every stored payload block is
 * checked to lie inside the file past the header section and to overlap neither another block
 * nor a region, and every state to be one the file type allows.
 */
final class Bat {

    /** Payload: not stored; reads from the parent, or as zeros without one. */
    static final int NOT_PRESENT = 0;
    /** Payload: stored at the entry's offset. */
    static final int FULLY_PRESENT = 6;
    /** Payload of a differencing file: stored, with a sector bitmap saying which sectors. */
    static final int PARTIALLY_PRESENT = 7;
    /** Sector bitmap: stored at the entry's offset. */
    static final int BITMAP_PRESENT = 6;
    /** Largest table held in memory, in entries (128 MiB). */
    static final long MAX_ENTRIES = 1L << 24;
    private static final long OFFSET_MASK = 0xfffffffffff00000L;

    private final long[] entries;
    private final long chunkRatio;

    private Bat(long[] entries, long chunkRatio) {
        this.entries = entries;
        this.chunkRatio = chunkRatio;
    }

    /**
     * Loads and checks the table.
     *
     * @param f the image after its log replay
     * @param regions the region table
     * @param m the metadata
     * @return the table
     */
    static Bat load(ReplayedFile f, RegionTable regions, VhdxMetadata m) {
        long blocks = (m.virtualSize() + m.blockSize() - 1) / m.blockSize();
        long ratio = m.chunkRatio();
        long chunks = (blocks + ratio - 1) / ratio;
        long count = m.hasParent() ? chunks * (ratio + 1) : blocks == 0 ? 0 : blocks + (blocks - 1) / ratio;
        if (count > regions.batLength() / 8) {
            throw f.file().corrupt("the BAT region of " + regions.batLength() + " bytes cannot hold the " + count
                    + " entries a disk of " + m.virtualSize() + " bytes needs");
        }
        if (count > MAX_ENTRIES) {
            throw f.file().limit("its BAT has " + count + " entries, and jvirt reads tables of at most " + MAX_ENTRIES);
        }
        long[] entries = new long[(int) count];
        f.read(regions.batOffset(), (int) count * 8, "the BAT").order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                .get(entries);
        Bat bat = new Bat(entries, ratio);
        bat.check(f, regions, m, blocks, chunks);
        return bat;
    }

    private void check(ReplayedFile f, RegionTable regions, VhdxMetadata m, long blocks, long chunks) {
        List<Layout.Region> structures = new ArrayList<>(regions.regions());
        if (m.hasParent()) {
            for (long c = 0; c < chunks; c++) {
                long e = bitmap(c);
                int state = state(e);
                if (state == BITMAP_PRESENT) {
                    long at = offset(e);
                    requireStored(f, at, 1 << 20, "the sector bitmap block of chunk " + c);
                    structures.add(new Layout.Region(at, 1 << 20, "the sector bitmap block of chunk " + c));
                } else if (state != NOT_PRESENT) {
                    throw f.file().corrupt("the sector bitmap entry of chunk " + c + " has the reserved state "
                            + state);
                }
            }
        }
        long[] stored = new long[(int) Math.min(blocks, Integer.MAX_VALUE - 8)];
        int n = 0;
        for (long b = 0; b < blocks; b++) {
            long e = payload(b);
            int state = state(e);
            switch (state) {
                case 0, 1, 2, 3, 5 -> { }
                case FULLY_PRESENT, PARTIALLY_PRESENT -> {
                    if (state == PARTIALLY_PRESENT && !m.hasParent()) {
                        throw f.file().corrupt("payload block " + b + " is partially present, which only a"
                                + " differencing file may be");
                    }
                    if (state == PARTIALLY_PRESENT && state(bitmap(b / chunkRatio)) != BITMAP_PRESENT) {
                        throw f.file().corrupt("payload block " + b + " is partially present, but the sector bitmap"
                                + " of its chunk is not stored");
                    }
                    long used = Math.min(m.blockSize(), m.virtualSize() - b * m.blockSize());
                    requireStored(f, offset(e), used, "payload block " + b);
                    stored[n++] = offset(e);
                }
                default -> throw f.file().corrupt("payload block " + b + " has the reserved state " + state);
            }
        }
        long[] starts = new long[n];
        System.arraycopy(stored, 0, starts, 0, n);
        Layout.requireDisjoint(f.file(), structures, starts, m.blockSize(), "payload block");
    }

    private static void requireStored(ReplayedFile f, long at, long length, String what) {
        if (at < VhdxHeader.SECTION) {
            throw f.file().corrupt(what + " lies at offset " + at + ", inside the header section");
        }
        f.require(at, length, what);
    }

    /** @return the entry of payload block {@code block} */
    long payload(long block) {
        return entries[(int) (block + block / chunkRatio)];
    }

    /** @return the entry of the sector bitmap of chunk {@code chunk} */
    long bitmap(long chunk) {
        return entries[(int) (chunk * (chunkRatio + 1) + chunkRatio)];
    }

    /** @return the state bits of an entry */
    static int state(long entry) {
        return (int) (entry & 7);
    }

    /** @return the file offset of an entry */
    static long offset(long entry) {
        return entry & OFFSET_MASK;
    }
}
