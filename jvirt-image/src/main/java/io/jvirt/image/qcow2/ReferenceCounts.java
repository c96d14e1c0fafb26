package io.jvirt.image.qcow2;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The refcounts a check computes from the metadata (qemu's in-memory refcount table): one
 * counter per cluster, growing as references reach past the clusters known so far. It also
 * remembers clusters that are referenced but could not be counted (they lie past the end of
 * the file), so that a rebuild never places new metadata on them.
 */
final class ReferenceCounts {

    private static final long MAX_CLUSTERS = Integer.MAX_VALUE - 8;
    /** How far past the end of the file reserved clusters are remembered; allocation never reaches further. */
    private static final long RESERVE_REACH = 1L << 20;

    private final CheckContext ctx;
    private final long max;
    private int[] counts;
    private long size;
    private final BitSet reserved = new BitSet();
    private String metadataPastEnd;

    ReferenceCounts(CheckContext ctx, long clusters) {
        this.ctx = ctx;
        this.max = Math.min(ctx.refcountMax, Integer.MAX_VALUE);
        this.counts = new int[(int) Math.max(16, clusters)];
        this.size = clusters;
    }

    /** @return number of clusters covered (qemu's nb_clusters) */
    long size() {
        return size;
    }

    long get(long cluster) {
        return cluster < size ? counts[(int) cluster] : 0;
    }

    /** Forgets every count (before a recount), keeping the size. */
    void clear() {
        Arrays.fill(counts, 0);
    }

    /** Grows the covered range to {@code clusters}. */
    void resize(long clusters) {
        if (clusters > MAX_CLUSTERS) {
            throw new CheckFailure("Image " + ctx.io.path() + " has more clusters than a check can count in memory.");
        }
        if (clusters > counts.length) {
            counts = Arrays.copyOf(counts, (int) Math.min(MAX_CLUSTERS, Math.max(clusters, counts.length * 3L / 2)));
        }
        size = Math.max(size, clusters);
    }

    /** @return a description of the first metadata structure found past the end of the file, or null */
    String metadataPastEnd() {
        return metadataPastEnd;
    }

    /**
     * Counts one reference to every cluster of a byte range (qemu's inc_refcounts_imrt): a range
     * ending a cluster or more past the end of the file is a corruption and is not counted.
     *
     * @param what names the structure when it is metadata, null for guest data
     */
    void reference(CheckTally t, long offset, long length, String what) {
        if (length <= 0) {
            return;
        }
        long fileLength = ctx.fileLength();
        if (offset + length - fileLength >= ctx.clusterSize) {
            ctx.log("ERROR: counting reference for region exceeding the end of the file by one cluster or more: offset 0x"
                    + CheckContext.hex(offset) + " size 0x" + CheckContext.hex(length));
            t.corruptions++;
            reserve(offset, length);
            if (what != null && metadataPastEnd == null) {
                metadataPastEnd = what + " at offset " + offset;
            }
            return;
        }
        long first = offset >>> ctx.clusterBits;
        long last = (offset + length - 1) >>> ctx.clusterBits;
        for (long k = first; k <= last; k++) {
            if (k >= size) {
                resize(k + 1);
            }
            if (counts[(int) k] >= max) {
                ctx.log("ERROR: overflow cluster offset=0x" + CheckContext.hex(k << ctx.clusterBits));
                ctx.log("Use qemu-img amend to increase the refcount entry width or qemu-img convert to create a clean"
                        + " copy if the image cannot be opened for writing");
                t.corruptions++;
                continue;
            }
            counts[(int) k]++;
        }
    }

    /** Keeps new metadata off a byte range that is referenced but not counted. */
    void reserve(long offset, long length) {
        long first = offset >>> ctx.clusterBits;
        long last = (offset + length - 1) >>> ctx.clusterBits;
        long limit = Math.min(MAX_CLUSTERS, ctx.clusters(ctx.fileLength()) + RESERVE_REACH);
        if (first >= limit) {
            return;
        }
        reserved.set((int) first, (int) Math.min(limit, last + 1));
    }

    /**
     * Allocates contiguous free clusters in the computed refcounts (qemu's alloc_clusters_imrt),
     * skipping reserved ones, and gives them a count of 1.
     *
     * @param count clusters wanted
     * @param from first cluster to look at
     * @return the index of the first allocated cluster
     */
    long allocate(int count, long from) {
        long start = from;
        int run = 0;
        long c = from;
        while (run < count) {
            boolean free = get(c) == 0 && (c > Integer.MAX_VALUE || !reserved.get((int) c));
            if (free) {
                if (run == 0) {
                    start = c;
                }
                run++;
            } else {
                run = 0;
            }
            c++;
        }
        resize(start + count);
        for (int i = 0; i < count; i++) {
            counts[(int) (start + i)] = 1;
        }
        return start;
    }
}
