package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import java.nio.ByteBuffer;

/** Structural edits of an open qcow2 image: resize and changing the backing file name. */
public final class Qcow2Edits {

    private Qcow2Edits() {
    }

    /**
     * Changes the virtual size. Shrinking drops every cluster past the new end. A grown L1
     * table is written at a new place before anything points to it; the header switches to it
     * (with the new size) in the L1-and-header step of {@link Qcow2Image#flush}, and the old
     * table and dropped clusters are freed in the last step.
     *
     * @param img writable image
     * @param newSize new virtual size in bytes
     */
    public static void resize(Qcow2Image img, long newSize) {
        img.checkWritable();
        if (!img.snapshots.isEmpty()) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, img.path(),
                    "Image " + img.path() + " has internal snapshots, so it cannot be resized.");
        }
        int cs = img.clusterSize();
        int cb = img.header.clusterBits();
        ClusterMap map = img.map;
        long perTable = 1L << map.l2Bits();
        long newClusters = Qcow2Header.ceilDiv(newSize, cs);
        long newL1Long = Qcow2Header.ceilDiv(newClusters, perTable);
        if (newL1Long * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, img.path(), "A size of " + newSize
                    + " bytes needs an L1 table over 32 MiB for image " + img.path() + ".");
        }
        int newL1 = (int) newL1Long;
        long oldClusters = Qcow2Header.ceilDiv(img.header.size(), cs);
        for (long vc = newClusters; vc < oldClusters; vc++) {
            if (!map.hasTable(vc)) {
                vc = ((vc / perTable) + 1) * perTable - 1;
                continue;
            }
            long e = map.entry(vc);
            if (e != 0) {
                map.setEntry(vc, 0);
                map.release(e);
            }
        }
        long[] l1 = map.l1;
        long l1Off = map.l1Offset;
        if (newL1 < l1.length) {
            for (int i = newL1; i < l1.length; i++) {
                long off = l1[i] & ClusterMap.OFFSET_MASK;
                if (off != 0) {
                    map.forget(off);
                    img.refs.add(off >>> cb, -1);
                }
            }
            long[] shorter = java.util.Arrays.copyOf(l1, newL1);
            map.l1 = shorter;
            map.l1Dirty = true;
        } else if (newL1 > l1.length) {
            long oldBytes = l1.length * 8L;
            long oldL1Clusters = Qcow2Header.ceilDiv(oldBytes, cs);
            if ((long) newL1 * 8 > oldL1Clusters * cs || l1.length == 0) {
                int clusters = (int) Qcow2Header.ceilDiv(newL1 * 8L, cs);
                long n = img.refs.allocate(clusters);
                ByteBuffer bb = ByteBuffer.allocate(clusters * cs);
                for (long e : l1) {
                    bb.putLong(e);
                }
                img.io().write(n, bb.array(), 0, bb.capacity());
                for (long c = 0; c < Math.max(1, oldL1Clusters); c++) {
                    if (l1Off != 0 && img.refs.get((l1Off >>> cb) + c) > 0) {
                        img.refs.add((l1Off >>> cb) + c, -1);
                    }
                }
                l1Off = n;
                map.l1Offset = n;
            }
            map.l1 = java.util.Arrays.copyOf(l1, newL1);
            map.l1Dirty = true;
        }
        img.updateHeader(img.header.withL1(newSize, newL1, l1Off));
        img.flush();
    }

    /**
     * Changes the backing file recorded in the header (rebase -u), without touching data.
     *
     * @param img writable image
     * @param backingFile new name, or null for none
     * @param backingFormat new format name, or null
     */
    public static void setBacking(Qcow2Image img, String backingFile, String backingFormat) {
        img.checkWritable();
        img.updateHeader(img.header.withBacking(backingFile, backingFormat));
        img.flush();
    }
}
