package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Cluster refcounts: the refcount table, refcount blocks loaded on demand and kept in memory,
 * append-only cluster allocation, and the order in which refcount changes reach the disk.
 *
 * <p>An increment must be on the disk before any reference to its cluster is; a decrement only
 * after the reference it drops is gone from the disk. So the two travel apart: a decrement is
 * <em>held</em> (its block keeps a second copy, the values the disk may have now) until the
 * owner has made the metadata that dropped the reference durable and calls
 * {@link #writeDecrements}. {@link #writeIncrements} writes blocks with every increment and no
 * held decrement. Freed clusters are never allocated again while the image is open
 * (allocation only appends), so a held decrement never meets a new owner of its cluster.
 */
final class RefcountStore {

    /** What the refcount table still needs after {@link #writeIncrements} and an fsync. */
    enum TableUpdate {
        /** Nothing: no block was added. */
        NONE,
        /** New blocks are listed in entries of the table in place: write it ({@link #writeTableInPlace}). */
        IN_PLACE,
        /** The table grew and was written at a new place: the header must point to it. */
        MOVED
    }

    /**
     * Where {@link #relocateAll} put the refcount structure.
     *
     * @param tableOffset new table offset
     * @param tableClusters its clusters
     */
    record Relocation(long tableOffset, int tableClusters) {
    }

    private final FileIo io;
    private final Path path;
    private final int clusterBits;
    private final int cs;
    private final int order;
    private final long perBlock;
    private final long max;
    private long[] table;
    private long tableOffset;
    private int tableClusters;
    private boolean tableEntriesDirty;
    private boolean tableMoved;
    private final Map<Integer, byte[]> blocks = new HashMap<>();
    private final Map<Integer, byte[]> held = new HashMap<>();
    private final BitSet dirtyBlocks = new BitSet();
    private long endCluster;

    RefcountStore(FileIo io, Qcow2Header h) {
        this.io = io;
        this.path = io.path();
        this.clusterBits = h.clusterBits();
        this.cs = h.clusterSize();
        this.order = h.refcountOrder();
        this.perBlock = (long) cs * 8 >> order;
        this.max = order == 6 ? Long.MAX_VALUE : (1L << (1 << order)) - 1;
        this.tableOffset = h.refcountTableOffset();
        this.tableClusters = h.refcountTableClusters();
        int entries = (int) ((long) tableClusters * cs / 8);
        byte[] raw = new byte[entries * 8];
        io.readFully(tableOffset, raw, 0, raw.length, "refcount table");
        ByteBuffer bb = ByteBuffer.wrap(raw);
        table = new long[entries];
        for (int i = 0; i < entries; i++) {
            table[i] = bb.getLong() & ~511L;
        }
        this.endCluster = (io.size() + cs - 1) >> clusterBits;
    }

    /** @return refcount table offset */
    long tableOffset() {
        return tableOffset;
    }

    /** @return refcount table clusters */
    int tableClusters() {
        return tableClusters;
    }

    /** @return first cluster index past every allocation made so far */
    long endCluster() {
        return endCluster;
    }

    /** @return largest refcount value */
    long maxRefcount() {
        return max;
    }

    /** @return whether some increment (or new block, or table change) is not written yet */
    boolean hasUnwrittenIncrements() {
        return !dirtyBlocks.isEmpty() || tableEntriesDirty || tableMoved;
    }

    long get(long cluster) {
        long bi = cluster / perBlock;
        if (bi >= table.length && !blocks.containsKey((int) Math.min(bi, Integer.MAX_VALUE))) {
            return 0;
        }
        byte[] blk = block((int) bi, false);
        return blk == null ? 0 : read(blk, cluster % perBlock);
    }

    void set(long cluster, long value) {
        add(cluster, value - get(cluster));
    }

    /**
     * Changes a refcount. An increase is also applied to the held copy of the block (it may be
     * written as soon as possible); a decrease only to the live values, until {@link #writeDecrements}.
     */
    void add(long cluster, long delta) {
        if (delta == 0) {
            return;
        }
        long v = get(cluster);
        long nv = v + delta;
        if (nv < 0) {
            throw new ImageException(ImageException.Kind.CORRUPT, path, "The refcount of cluster " + cluster
                    + " in image " + path + " would drop below zero; the image needs a repair (check -r all).");
        }
        checkMax(cluster, nv);
        long bi = cluster / perBlock;
        if (bi > Integer.MAX_VALUE) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path, "Cluster " + cluster + " of image " + path
                    + " is beyond what a refcount table can describe.");
        }
        int b = (int) bi;
        byte[] blk = block(b, true);
        long idx = cluster % perBlock;
        if (delta < 0) {
            held.computeIfAbsent(b, k -> blk.clone());
        } else {
            byte[] h = held.get(b);
            if (h != null) {
                long hv = read(h, idx) + delta;
                checkMax(cluster, hv);
                write(h, idx, hv);
            }
            dirtyBlocks.set(b);
        }
        write(blk, idx, nv);
    }

    private void checkMax(long cluster, long value) {
        if (Long.compareUnsigned(value, max) > 0) {
            throw new ImageException(ImageException.Kind.REFCOUNT_OVERFLOW, path, "The refcount of cluster "
                    + cluster + " in image " + path + " would exceed " + Long.toUnsignedString(max)
                    + ", the largest value " + (1 << order) + "-bit refcounts can hold.");
        }
    }

    /**
     * Allocates contiguous clusters at the end of the file with refcount 1.
     *
     * @param n cluster count
     * @return host offset of the first
     */
    long allocate(int n) {
        long start = endCluster;
        outer:
        while (true) {
            for (int i = 0; i < n; i++) {
                if (get(start + i) != 0) {
                    start = start + i + 1;
                    continue outer;
                }
            }
            break;
        }
        for (int i = 0; i < n; i++) {
            add(start + i, 1);
        }
        endCluster = Math.max(endCluster, start + n);
        return start << clusterBits;
    }

    /**
     * First step of the write ordering: gives every changed block a place (allocating blocks
     * and growing the table as needed) and writes the blocks with their increments but without
     * held decrements; a grown table is written at its new place. The caller then fsyncs, and
     * afterwards completes the table as the answer says.
     *
     * @return what the table still needs after the fsync
     */
    TableUpdate writeIncrements() {
        placeBlocks();
        for (int i = dirtyBlocks.nextSetBit(0); i >= 0; i = dirtyBlocks.nextSetBit(i + 1)) {
            byte[] h = held.get(i);
            io.write(table[i], h != null ? h : blocks.get(i), 0, cs);
        }
        dirtyBlocks.clear();
        if (tableMoved) {
            writeTable(tableOffset);
            tableEntriesDirty = false;
            return TableUpdate.MOVED;
        }
        return tableEntriesDirty ? TableUpdate.IN_PLACE : TableUpdate.NONE;
    }

    /** Writes the table where it is (after the blocks it newly lists are durable). */
    void writeTableInPlace() {
        writeTable(tableOffset);
        tableEntriesDirty = false;
    }

    /** Records that the header now points to the table {@link #writeIncrements} moved. */
    void tablePublished() {
        tableMoved = false;
    }

    /**
     * Last step of the write ordering: writes the blocks whose decrements were held. Call it
     * only once the metadata that dropped those references is durable, and after {@link
     * #writeIncrements} (no increment may be pending).
     *
     * @return whether anything was written
     */
    boolean writeDecrements() {
        if (hasUnwrittenIncrements()) {
            throw new IllegalStateException("refcount increments must be written before decrements");
        }
        boolean any = !held.isEmpty();
        for (int i : held.keySet()) {
            io.write(table[i], blocks.get(i), 0, cs);
        }
        held.clear();
        return any;
    }

    /**
     * Writes every changed block, and the table, to clusters that nothing on the disk refers
     * to yet, with the live values (increments and decrements alike); the old places of moved
     * blocks and the old table are freed in the new structure. Nothing on the disk changes
     * meaning until the caller points the header at the returned table: that single header
     * write switches the whole refcount structure at once (snapshot operations use it).
     *
     * @return the new table
     */
    Relocation relocateAll() {
        BitSet moved = new BitSet();
        long newOffset = 0;
        int newClusters = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            BitSet todo = changedBlocks();
            todo.andNot(moved);
            for (int i = todo.nextSetBit(0); i >= 0; i = todo.nextSetBit(i + 1)) {
                ensureEntries(i + 1);
                long old = table[i];
                table[i] = allocate(1);
                if (old != 0) {
                    add(old >>> clusterBits, -1);
                }
                moved.set(i);
                changed = true;
            }
            int clusters = (int) Qcow2Header.ceilDiv((long) table.length * 8, cs);
            if (newOffset == 0 || clusters > newClusters) {
                long freeFrom = newOffset == 0 ? tableOffset : newOffset;
                int freeCount = newOffset == 0 ? tableClusters : newClusters;
                for (int c = 0; c < freeCount; c++) {
                    add((freeFrom >>> clusterBits) + c, -1);
                }
                newClusters = clusters;
                newOffset = allocate(clusters);
                ensureEntries(clusters * cs / 8);
                changed = true;
            }
        }
        for (int i = moved.nextSetBit(0); i >= 0; i = moved.nextSetBit(i + 1)) {
            io.write(table[i], blocks.get(i), 0, cs);
        }
        tableOffset = newOffset;
        tableClusters = newClusters;
        writeTable(tableOffset);
        dirtyBlocks.clear();
        held.clear();
        tableEntriesDirty = false;
        tableMoved = false;
        return new Relocation(tableOffset, tableClusters);
    }

    /**
     * Writes every changed block and the table in place, decrements included, without
     * ordering: only for a file nothing refers to yet (creation, before the header).
     */
    void flush() {
        placeBlocks();
        BitSet all = changedBlocks();
        for (int i = all.nextSetBit(0); i >= 0; i = all.nextSetBit(i + 1)) {
            io.write(table[i], blocks.get(i), 0, cs);
        }
        dirtyBlocks.clear();
        held.clear();
        if (tableEntriesDirty || tableMoved) {
            writeTable(tableOffset);
            tableEntriesDirty = false;
            tableMoved = false;
        }
    }

    private BitSet changedBlocks() {
        BitSet all = (BitSet) dirtyBlocks.clone();
        held.keySet().forEach(all::set);
        return all;
    }

    /** Gives every changed block a cluster, growing (moving) the table when it is too small. */
    private void placeBlocks() {
        while (true) {
            int needed = changedBlocks().length();
            if (needed > table.length) {
                growTable(needed);
                continue;
            }
            boolean allocated = false;
            for (int i = dirtyBlocks.nextSetBit(0); i >= 0; i = dirtyBlocks.nextSetBit(i + 1)) {
                if (table[i] == 0) {
                    table[i] = allocate(1);
                    tableEntriesDirty = true;
                    allocated = true;
                }
            }
            if (!allocated && changedBlocks().length() <= table.length) {
                break;
            }
        }
    }

    private void growTable(int neededEntries) {
        long entries = Math.max(neededEntries + 2L, table.length * 3L / 2);
        int clusters = (int) Qcow2Header.ceilDiv(entries * 8, cs);
        long oldOffset = tableOffset;
        int oldClusters = tableClusters;
        ensureEntries(clusters * cs / 8);
        tableOffset = allocate(clusters);
        tableClusters = clusters;
        for (int i = 0; i < oldClusters; i++) {
            add((oldOffset >> clusterBits) + i, -1);
        }
        tableEntriesDirty = true;
        tableMoved = true;
    }

    private void ensureEntries(int entries) {
        if ((long) entries * 8 > Qcow2Header.MAX_REFTABLE_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path,
                    "The refcount table of image " + path + " would grow past 8 MiB.");
        }
        if (entries > table.length) {
            table = Arrays.copyOf(table, entries);
        }
    }

    private void writeTable(long at) {
        ByteBuffer bb = ByteBuffer.allocate(tableClusters * cs);
        for (long e : table) {
            bb.putLong(e);
        }
        io.write(at, bb.array(), 0, bb.capacity());
    }

    private byte[] block(int bi, boolean create) {
        byte[] blk = blocks.get(bi);
        if (blk != null) {
            return blk;
        }
        long off = bi < table.length ? table[bi] : 0;
        if (off == 0) {
            if (!create) {
                return null;
            }
            blk = new byte[cs];
        } else {
            if ((off & (cs - 1)) != 0) {
                throw new ImageException(ImageException.Kind.CORRUPT, path, "Refcount block " + bi + " of image "
                        + path + " is at offset " + off + ", which is not cluster aligned.");
            }
            if (off + cs > io.size()) {
                throw new ImageException(ImageException.Kind.CORRUPT, path, "Refcount block " + bi + " of image "
                        + path + " at offset " + off + " lies past the end of the file.");
            }
            blk = new byte[cs];
            io.readFully(off, blk, 0, cs, "refcount block");
        }
        blocks.put(bi, blk);
        return blk;
    }

    long read(byte[] blk, long idx) {
        return readEntry(blk, idx, order);
    }

    private void write(byte[] blk, long idx, long v) {
        int bits = 1 << order;
        if (bits >= 8) {
            int bytes = bits / 8;
            int at = (int) (idx * bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                blk[at + i] = (byte) v;
                v >>>= 8;
            }
        } else {
            long bit = idx * bits;
            int at = (int) (bit >> 3);
            int shift = (int) (bit & 7);
            int mask = ((1 << bits) - 1) << shift;
            blk[at] = (byte) ((blk[at] & ~mask) | ((int) (v << shift) & mask));
        }
    }

    /**
     * Reads one refcount entry from a refcount block.
     *
     * @param blk block bytes
     * @param idx entry index
     * @param order refcount order
     * @return the refcount
     */
    static long readEntry(byte[] blk, long idx, int order) {
        int bits = 1 << order;
        if (bits >= 8) {
            int bytes = bits / 8;
            int at = (int) (idx * bytes);
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (blk[at + i] & 0xff);
            }
            return v;
        }
        long bit = idx * bits;
        return (blk[(int) (bit >> 3)] >> (bit & 7)) & ((1 << bits) - 1);
    }
}
