package io.jvirt.image.qcow2;

/**
 * Recomputes the COPIED flags of the active L1 and L2 tables from the refcounts: a flag is
 * set exactly when the cluster's refcount is 1, which is what qemu-img check demands.
 */
final class CopiedFlags {

    private CopiedFlags() {
    }

    static void fix(ClusterMap map, RefcountStore refs, int cb) {
        long[] l1 = map.l1;
        for (int i = 0; i < l1.length; i++) {
            long off = l1[i] & ClusterMap.OFFSET_MASK;
            if (off == 0) {
                continue;
            }
            long want = refs.get(off >>> cb) == 1 ? ClusterMap.COPIED : 0;
            if ((l1[i] & ClusterMap.COPIED) != want) {
                l1[i] = (l1[i] & ~ClusterMap.COPIED) | want;
                map.l1Dirty = true;
            }
            long[] words = map.table(off, i);
            boolean changed = false;
            int step = map.extended() ? 2 : 1;
            for (int j = 0; j < words.length; j += step) {
                long e = words[j];
                if ((e & ClusterMap.COMPRESSED) != 0) {
                    continue;
                }
                long d = e & ClusterMap.OFFSET_MASK;
                long w = d != 0 && refs.get(d >>> cb) == 1 ? ClusterMap.COPIED : 0;
                if ((e & ClusterMap.COPIED) != w) {
                    words[j] = (e & ~ClusterMap.COPIED) | w;
                    changed = true;
                }
            }
            if (changed) {
                map.touch(off, i);
            }
        }
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
