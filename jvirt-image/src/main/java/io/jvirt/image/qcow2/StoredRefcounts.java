package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The refcounts stored in the image, read as a check needs them: tolerant of a refcount table
 * or blocks past the end of the file (they read as zeroes), with a refcount that cannot be read
 * reported as {@link #UNREADABLE} rather than thrown. A repair writes single entries back.
 */
final class StoredRefcounts {

    /** The value {@link #get} returns when a refcount block cannot be read. */
    static final long UNREADABLE = -1;
    private static final int CACHED_BLOCKS = 256;

    private final CheckContext ctx;
    private final long[] table;
    private final long perBlock;
    private final int order;
    private final Map<Long, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    StoredRefcounts(CheckContext ctx, long tableOffset, int tableClusters) {
        this.ctx = ctx;
        this.table = ctx.readWords(tableOffset, (int) ((long) tableClusters * ctx.clusterSize / 8), "refcount table");
        this.perBlock = 1L << ctx.refblockBits;
        this.order = ctx.header.refcountOrder();
    }

    /** @return the raw refcount table entries */
    long[] table() {
        return table;
    }

    /** @return the refcount of a cluster, or {@link #UNREADABLE} */
    long get(long cluster) {
        byte[] block = block(cluster);
        if (block == null) {
            return table(cluster) == 0 ? 0 : UNREADABLE;
        }
        return RefcountStore.readEntry(block, cluster & (perBlock - 1), order);
    }

    /**
     * Stores a refcount in the existing refcount block of a cluster.
     *
     * @return whether it was written (false when the cluster has no readable refcount block)
     */
    boolean set(long cluster, long value) {
        byte[] block = block(cluster);
        if (block == null) {
            return false;
        }
        writeEntry(block, cluster & (perBlock - 1), order, value);
        try {
            ctx.io.write(table(cluster), block, 0, block.length);
        } catch (ImageException e) {
            blocks.remove(cluster >>> ctx.refblockBits);
            ctx.log("ERROR: could not write the refcount of cluster " + cluster + ": " + e.getMessage());
            return false;
        }
        return true;
    }

    private long table(long cluster) {
        long index = cluster >>> ctx.refblockBits;
        return index < table.length ? table[(int) index] & CheckContext.REFT_OFFSET_MASK : 0;
    }

    private byte[] block(long cluster) {
        long offset = table(cluster);
        if (offset == 0 || (offset & (ctx.clusterSize - 1)) != 0) {
            return null;
        }
        long index = cluster >>> ctx.refblockBits;
        byte[] block = blocks.get(index);
        if (block == null) {
            block = new byte[ctx.clusterSize];
            try {
                ctx.io.readOrZero(offset, block, 0, block.length);
            } catch (ImageException e) {
                return null;
            }
            blocks.put(index, block);
        }
        return block;
    }

    /** Writes one refcount entry of the given order into a refcount block. */
    static void writeEntry(byte[] block, long index, int order, long value) {
        int bits = 1 << order;
        if (bits >= 8) {
            int bytes = bits / 8;
            int at = (int) (index * bytes);
            long v = value;
            for (int i = bytes - 1; i >= 0; i--) {
                block[at + i] = (byte) v;
                v >>>= 8;
            }
            return;
        }
        long bit = index * bits;
        int at = (int) (bit >> 3);
        int shift = (int) (bit & 7);
        int mask = ((1 << bits) - 1) << shift;
        block[at] = (byte) ((block[at] & ~mask) | ((int) (value << shift) & mask));
    }
}
