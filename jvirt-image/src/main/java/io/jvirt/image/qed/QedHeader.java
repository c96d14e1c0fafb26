package io.jvirt.image.qed;

import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The QED header (little-endian), validated as QEMU's qed driver does: known feature bits only,
 * a cluster size that is a power of two from 4 KiB to 64 MiB, a table size of 1 to 16 clusters
 * (a power of two), an image size that is a multiple of 512 the tables can address, and an L1
 * table that lies on cluster boundaries past the header inside the file.
 *
 * @param clusterSize bytes per cluster
 * @param tableClusters clusters per L1 or L2 table
 * @param headerClusters clusters the header occupies
 * @param features feature bits
 * @param l1Offset file offset of the L1 table
 * @param size guest-visible size in bytes
 * @param backingFile the backing file name, or null
 * @param backingRaw whether the backing file is raw without probing
 */
record QedHeader(int clusterSize, int tableClusters, long headerClusters, long features, long l1Offset, long size,
        String backingFile, boolean backingRaw) {

    static final int MAGIC = 0x00444551;
    static final long BACKING_FILE = 1;
    static final long NEED_CHECK = 2;
    static final long BACKING_NO_PROBE = 4;
    private static final int SIZE = 64;
    private static final int MAX_NAME = 4095;

    /** @return the entries of one table */
    long tableEntries() {
        return (long) clusterSize * tableClusters / 8;
    }

    /** @return the bytes of one table */
    long tableBytes() {
        return (long) clusterSize * tableClusters;
    }

    /** @return the guest bytes one L2 table maps */
    long l2Coverage() {
        return tableEntries() * clusterSize;
    }

    /** @return the file size rounded down to a cluster: clusters must start below it */
    static long usableEnd(ImageFile f, int clusterSize) {
        return f.size() / clusterSize * clusterSize;
    }

    static QedHeader read(ImageFile f) {
        ByteBuffer h = f.read(0, SIZE, ByteOrder.LITTLE_ENDIAN, "the header");
        if (h.getInt(0) != MAGIC) {
            throw f.corrupt("the file does not start with the magic 'QED'");
        }
        long features = h.getLong(16);
        if ((features & ~(BACKING_FILE | NEED_CHECK | BACKING_NO_PROBE)) != 0) {
            throw f.unsupported("the header sets the unknown feature bits 0x"
                    + Long.toHexString(features & ~(BACKING_FILE | NEED_CHECK | BACKING_NO_PROBE)));
        }
        long cluster = Integer.toUnsignedLong(h.getInt(4));
        if (cluster < 4096 || cluster > (64 << 20) || Long.bitCount(cluster) != 1) {
            throw f.corrupt("the cluster size " + cluster + " is not a power of two from 4 KiB to 64 MiB");
        }
        long table = Integer.toUnsignedLong(h.getInt(8));
        if (table < 1 || table > 16 || Long.bitCount(table) != 1) {
            throw f.corrupt("the table size of " + table + " clusters is not a power of two from 1 to 16");
        }
        long headerClusters = Integer.toUnsignedLong(h.getInt(12));
        if (headerClusters == 0 || headerClusters > 0xffffffffL / cluster) {
            throw f.corrupt("the header size of " + headerClusters + " clusters is impossible");
        }
        long entries = cluster * table / 8;
        long size = h.getLong(48);
        double max = (double) entries * entries * cluster;
        if (size < 0 || size % 512 != 0 || size > max || size > ForeignImage.MAX_VIRTUAL_SIZE) {
            throw f.corrupt("the image size " + Long.toUnsignedString(size)
                    + " is not a multiple of 512 of at most 2^62 bytes that its tables can address");
        }
        long l1 = h.getLong(40);
        long end = usableEnd(f, (int) cluster);
        long l1Last = l1 + (table - 1) * cluster;
        if (l1 % cluster != 0 || l1 < headerClusters * cluster || l1Last < l1 || l1Last >= end) {
            throw f.corrupt("the L1 table at offset " + l1 + " is not cluster aligned past the header inside the file");
        }
        String backing = null;
        if ((features & BACKING_FILE) != 0) {
            long at = Integer.toUnsignedLong(h.getInt(56));
            long n = Integer.toUnsignedLong(h.getInt(60));
            if (at + n > headerClusters * cluster || n > MAX_NAME || n == 0) {
                throw f.corrupt("the backing file name at offset " + at + " with length " + n
                        + " does not lie inside the header or is empty or too long");
            }
            backing = new String(f.read(at, (int) n, ByteOrder.LITTLE_ENDIAN, "the backing file name").array(),
                    StandardCharsets.UTF_8);
        }
        return new QedHeader((int) cluster, (int) table, headerClusters, features, l1, size, backing,
                (features & BACKING_NO_PROBE) != 0);
    }
}
