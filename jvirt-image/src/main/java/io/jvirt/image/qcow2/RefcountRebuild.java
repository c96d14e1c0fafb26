package io.jvirt.image.qcow2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes a new refcount structure from the computed refcounts (qemu's
 * rebuild_refcount_structure): refcount blocks and a refcount table are placed in clusters the
 * computed refcounts show free (never on reserved ones), the blocks are slices of the computed
 * refcounts, and only when all of them are durable does the header switch to the new table.
 * The old structure is left in place and becomes leaked clusters, which the caller then frees.
 */
final class RefcountRebuild {

    private final CheckContext ctx;
    private final Metadata metadata;
    private long[] table = new long[0];

    RefcountRebuild(CheckContext ctx, Metadata metadata) {
        this.ctx = ctx;
        this.metadata = metadata;
    }

    /**
     * Rebuilds; on return the header points at the new table.
     *
     * @return the new refcount table offset and its entries
     */
    Result run(ReferenceCounts refs) {
        boolean grown = writeBlocks(refs, 0, refs.size());
        long tableOffset;
        int tableClusters;
        do {
            tableClusters = (int) ctx.clusters(table.length * 8L);
            tableOffset = refs.allocate(tableClusters, 0) << ctx.clusterBits;
            long first = tableOffset >>> ctx.clusterBits;
            grown = writeBlocks(refs, first, first + tableClusters);
        } while (grown);
        ByteBuffer b = ByteBuffer.allocate(tableClusters * ctx.clusterSize);
        b.asLongBuffer().put(table);
        guard(tableOffset, b.capacity(), "refcount table");
        ctx.write(tableOffset, b.array(), "new refcount table");
        ctx.sync();
        ByteBuffer pointer = ByteBuffer.allocate(12).putLong(tableOffset).putInt(tableClusters);
        ctx.write(48, pointer.array(), "header");
        ctx.sync();
        metadata.refcountStructure(ctx, tableOffset, table);
        return new Result(tableOffset, tableClusters, table.clone());
    }

    /**
     * @param tableOffset new refcount table offset
     * @param tableClusters its length in clusters
     * @param table its entries
     */
    record Result(long tableOffset, int tableClusters, long[] table) {
    }

    /** Writes the refcount blocks covering allocated clusters in [first, end); @return whether the table grew. */
    private boolean writeBlocks(ReferenceCounts refs, long first, long end) {
        boolean grown = false;
        long perBlock = 1L << ctx.refblockBits;
        long freeHint = 0;
        for (long c = first; c < end; c++) {
            if (refs.get(c) == 0) {
                continue;
            }
            long index = c >>> ctx.refblockBits;
            long blockStart = index << ctx.refblockBits;
            long blockOffset;
            if (index < table.length && table[(int) index] != 0) {
                blockOffset = table[(int) index];
            } else {
                freeHint = Math.max(freeHint, blockStart);
                long cluster = refs.allocate(1, freeHint);
                freeHint = cluster;
                blockOffset = cluster << ctx.clusterBits;
                if (cluster >= end) {
                    end = cluster + 1;
                }
                if (index >= table.length) {
                    long entries = ctx.clusters((index + 1) * 8) * ctx.clusterSize / 8;
                    if (entries * 8 > Qcow2Header.MAX_REFTABLE_BYTES) {
                        throw new CheckFailure("The refcount table of image " + ctx.io.path()
                                + " would grow past 8 MiB, so the refcount structure was not rebuilt.");
                    }
                    table = Arrays.copyOf(table, (int) entries);
                    grown = true;
                }
                table[(int) index] = blockOffset;
            }
            byte[] block = new byte[ctx.clusterSize];
            int order = ctx.header.refcountOrder();
            for (long k = 0; k < perBlock; k++) {
                long v = refs.get(blockStart + k);
                if (v != 0) {
                    StoredRefcounts.writeEntry(block, k, order, v);
                }
            }
            guard(blockOffset, ctx.clusterSize, "refcount block");
            ctx.write(blockOffset, block, "new refcount block");
            c = blockStart + perBlock - 1;
        }
        return grown;
    }

    private void guard(long offset, long length, String what) {
        String clash = metadata.overlap(offset, length, null);
        if (clash != null) {
            throw new CheckFailure("The refcount structure of image " + ctx.io.path() + " was not rebuilt: the new "
                    + what + " at offset " + offset + " would overwrite " + clash
                    + ", and the image header still points at the old structure.");
        }
    }
}
