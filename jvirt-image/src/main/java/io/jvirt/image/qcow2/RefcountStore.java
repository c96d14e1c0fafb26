package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Cluster refcounts: the refcount table, refcount blocks loaded on demand and kept in memory,
 * and append-only cluster allocation. Changes are written by {@link #flush}, which also
 * allocates missing refcount blocks and grows (moves) the refcount table when needed.
 */
final class RefcountStore {

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
    private boolean tableDirty;
    private boolean tableMoved;
    private final Map<Integer, byte[]> blocks = new HashMap<>();
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

    /** @return whether flush moved the table (the header must be rewritten) */
    boolean takeTableMoved() {
        boolean m = tableMoved;
        tableMoved = false;
        return m;
    }

    /** @return first cluster index past every allocation made so far */
    long endCluster() {
        return endCluster;
    }

    /** @return largest refcount value */
    long maxRefcount() {
        return max;
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
        if (value < 0 || Long.compareUnsigned(value, max) > 0) {
            throw new ImageException(ImageException.Kind.REFCOUNT_OVERFLOW, path, "The refcount of cluster "
                    + cluster + " in image " + path + " would exceed " + Long.toUnsignedString(max)
                    + ", the largest value " + (1 << order) + "-bit refcounts can hold.");
        }
        long bi = cluster / perBlock;
        if (bi > Integer.MAX_VALUE) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path, "Cluster " + cluster + " of image " + path
                    + " is beyond what a refcount table can describe.");
        }
        byte[] blk = block((int) bi, true);
        write(blk, cluster % perBlock, value);
        dirtyBlocks.set((int) bi);
    }

    void add(long cluster, long delta) {
        long v = get(cluster);
        long nv = v + delta;
        if (nv < 0) {
            throw new ImageException(ImageException.Kind.CORRUPT, path, "The refcount of cluster " + cluster
                    + " in image " + path + " would drop below zero; the image needs a repair (check -r all).");
        }
        set(cluster, nv);
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
            set(start + i, 1);
        }
        endCluster = Math.max(endCluster, start + n);
        return start << clusterBits;
    }

    /** Writes dirty refcount blocks, allocating blocks and growing the table as needed. */
    void flush() {
        while (true) {
            int maxDirty = dirtyBlocks.length();
            if (maxDirty > table.length) {
                growTable(maxDirty);
                continue;
            }
            boolean allocated = false;
            for (int i = dirtyBlocks.nextSetBit(0); i >= 0; i = dirtyBlocks.nextSetBit(i + 1)) {
                if (table[i] == 0) {
                    table[i] = allocate(1);
                    tableDirty = true;
                    allocated = true;
                }
            }
            if (!allocated && dirtyBlocks.length() <= table.length) {
                break;
            }
        }
        for (int i = dirtyBlocks.nextSetBit(0); i >= 0; i = dirtyBlocks.nextSetBit(i + 1)) {
            io.write(table[i], blocks.get(i), 0, cs);
        }
        dirtyBlocks.clear();
        if (tableDirty) {
            ByteBuffer bb = ByteBuffer.allocate(tableClusters * cs);
            for (long e : table) {
                bb.putLong(e);
            }
            io.write(tableOffset, bb.array(), 0, bb.capacity());
            tableDirty = false;
        }
    }

    private void growTable(int neededEntries) {
        long entries = Math.max(neededEntries + 2L, table.length * 3L / 2);
        int clusters = (int) Qcow2Header.ceilDiv(entries * 8, cs);
        if ((long) clusters * cs > Qcow2Header.MAX_REFTABLE_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path,
                    "The refcount table of image " + path + " would grow past 8 MiB.");
        }
        long oldOffset = tableOffset;
        int oldClusters = tableClusters;
        long[] grown = new long[clusters * cs / 8];
        System.arraycopy(table, 0, grown, 0, table.length);
        table = grown;
        tableOffset = allocate(clusters);
        tableClusters = clusters;
        for (int i = 0; i < oldClusters; i++) {
            add((oldOffset >> clusterBits) + i, -1);
        }
        tableDirty = true;
        tableMoved = true;
    }

    /** Replaces every refcount with the given values (repair), keeping the table layout. */
    void replaceAll(long[] computed, long computedClusters) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] != 0) {
                block(i, true);
                dirtyBlocks.set(i);
            }
        }
        for (Map.Entry<Integer, byte[]> e : blocks.entrySet()) {
            java.util.Arrays.fill(e.getValue(), (byte) 0);
            dirtyBlocks.set(e.getKey());
        }
        for (long c = 0; c < computedClusters; c++) {
            if (computed[(int) c] != 0) {
                set(c, computed[(int) c]);
            }
        }
        endCluster = Math.max(endCluster, computedClusters);
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
