package io.jvirt.image.ops;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;

/** qemu-img measure: space a conversion or creation needs, with qemu's metadata formula. */
public final class Measurer {

    private Measurer() {
    }

    /**
     * The answer.
     *
     * @param required bytes needed for the data the source holds
     * @param fullyAllocated bytes needed when every cluster is allocated
     */
    public record Result(long required, long fullyAllocated) {
    }

    /**
     * Measures.
     *
     * @param src source image, or null to measure an empty image of {@code size}
     * @param size virtual size when there is no source
     * @param fmt output format
     * @param clusterSize qcow2 cluster size
     * @param refcountBits qcow2 refcount width
     * @return the sizes
     */
    public static Result measure(DiskImage src, long size, ImageFormat fmt, int clusterSize, int refcountBits) {
        long virtual = src != null ? src.virtualSize() : size;
        int gran = fmt == ImageFormat.QCOW2 ? clusterSize : 1;
        long data = 0;
        if (src != null) {
            long pos = 0;
            long lastCluster = -1;
            while (pos < virtual) {
                ChainStatus s = ChainStatus.at(src, pos, virtual - pos);
                if (s.data()) {
                    long first = pos / gran;
                    long last = (pos + s.length() - 1) / gran;
                    if (first == lastCluster) {
                        first++;
                    }
                    if (last >= first) {
                        data += (last - first + 1) * gran;
                    }
                    lastCluster = last;
                }
                pos += s.length();
            }
        }
        return switch (fmt) {
            case RAW -> new Result(src != null ? data : virtual, virtual);
            case QCOW2 -> {
                long aligned = (virtual + clusterSize - 1) / clusterSize * clusterSize;
                long full = preallocSize(aligned, clusterSize, Integer.numberOfTrailingZeros(refcountBits));
                yield new Result(src != null ? full - aligned + data : full - aligned, full);
            }
            case VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    throw new io.jvirt.image.ImageException(io.jvirt.image.ImageException.Kind.UNSUPPORTED,
                    null, "Measuring for the " + fmt.qemuName() + " format is not supported.");
        };
    }

    /** Size of a fully preallocated qcow2 image: data plus header, L1, L2 and refcount metadata. */
    static long preallocSize(long alignedSize, int cs, int refcountOrder) {
        long meta = cs;
        long l2Entries = alignedSize / cs;
        long perTable = cs / 8;
        l2Entries = (l2Entries + perTable - 1) / perTable * perTable;
        meta += l2Entries * 8;
        long l1Entries = l2Entries * 8 / cs;
        l1Entries = (l1Entries + perTable - 1) / perTable * perTable;
        meta += l1Entries * 8;
        meta += refcountMetadata((meta + alignedSize) / cs, cs, refcountOrder);
        return meta + alignedSize;
    }

    private static long refcountMetadata(long clusters, int cs, int order) {
        long perTableCluster = cs / 8;
        long perBlock = (long) cs * 8 >> order;
        long table = 0;
        long blocks = 0;
        long n = 0;
        long last;
        do {
            last = n;
            blocks = (clusters + table + blocks + perBlock - 1) / perBlock;
            table = (blocks + perTableCluster - 1) / perTableCluster;
            n = clusters + blocks + table;
        } while (n != last);
        return (blocks + table) * cs;
    }
}
