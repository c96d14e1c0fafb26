package io.jvirt.image.qcow2;

import java.util.Arrays;

/**
 * COPIED flags of the active L1 and L2 tables, recomputed from the refcounts after a snapshot
 * operation: a flag is set exactly when the cluster's refcount is 1, which is what qemu-img
 * check demands; and the refcount changes of a whole tree.
 */
final class CopiedFlags {

    private CopiedFlags() {
    }

    /**
     * Rewrites the active tree so that every COPIED flag matches the (new) refcounts, without
     * changing anything on the disk in place: an L2 table whose flags change is copied to a
     * new cluster (the old one loses the active state's reference), and the L1 table is
     * written to a new place. A refcount and the flag that mirrors it live in different
     * clusters, so no order of in-place writes keeps them equal through a crash; new copies
     * that one header write switches to ({@link Qcow2Image#commitShadow}) do.
     *
     * @param map the active map
     * @param refs refcounts, already changed by the operation
     * @param cb cluster bits
     * @param cs cluster size
     * @return offset of the new L1 table (0 for an empty one)
     */
    static long rebuildActive(ClusterMap map, RefcountStore refs, int cb, int cs) {
        long[] l1 = map.l1;
        long[] next = new long[l1.length];
        int step = map.extended() ? 2 : 1;
        for (int i = 0; i < l1.length; i++) {
            long off = l1[i] & ClusterMap.OFFSET_MASK;
            if (off == 0) {
                continue;
            }
            long[] words = map.table(off, i);
            long[] fixed = words.clone();
            for (int j = 0; j < fixed.length; j += step) {
                long e = fixed[j];
                long d = e & ClusterMap.OFFSET_MASK;
                if ((e & ClusterMap.COMPRESSED) == 0) {
                    long w = d != 0 && refs.get(d >>> cb) == 1 ? ClusterMap.COPIED : 0;
                    fixed[j] = (e & ~ClusterMap.COPIED) | w;
                }
            }
            if (!Arrays.equals(words, fixed)) {
                long copy = refs.allocate(1);
                map.adopt(copy, fixed);
                refs.add(off >>> cb, -1);
                off = copy;
            }
            next[i] = off | (refs.get(off >>> cb) == 1 ? ClusterMap.COPIED : 0);
        }
        if (l1.length == 0) {
            map.replaceL1(next, map.l1Offset);
            return map.l1Offset;
        }
        int clusters = (int) Qcow2Header.ceilDiv(l1.length * 8L, cs);
        for (int c = 0; c < clusters; c++) {
            refs.add((map.l1Offset >>> cb) + c, -1);
        }
        long at = refs.allocate(clusters);
        map.replaceL1(next, at);
        return at;
    }

    /** Adds delta to the refcount of everything an L1 table reaches (L2 tables and data). */
    static void adjustTree(ClusterMap map, RefcountStore refs, long[] l1, int cb, int delta) {
        for (int i = 0; i < l1.length; i++) {
            long off = l1[i] & ClusterMap.OFFSET_MASK;
            if (off == 0) {
                continue;
            }
            long[] words = map.table(off, i);
            int step = map.extended() ? 2 : 1;
            for (int j = 0; j < words.length; j += step) {
                long e = words[j];
                if ((e & ClusterMap.COMPRESSED) != 0) {
                    long start = map.compressedOffset(e) & ~511L;
                    long end = start + map.compressedSectors(e) * 512L;
                    for (long c = start >>> cb; c <= (end - 1) >>> cb; c++) {
                        refs.add(c, delta);
                    }
                } else if ((e & ClusterMap.OFFSET_MASK) != 0) {
                    refs.add((e & ClusterMap.OFFSET_MASK) >>> cb, delta);
                }
            }
            refs.add(off >>> cb, delta);
        }
    }
}
