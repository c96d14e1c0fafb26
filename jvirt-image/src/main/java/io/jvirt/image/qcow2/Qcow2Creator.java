package io.jvirt.image.qcow2;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageException;
import io.jvirt.image.Preallocation;
import io.jvirt.image.internal.FileIo;
import io.jvirt.image.raw.SparseFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a new, empty qcow2 image: refcount table and block and an empty L1 table, synced,
 * then the header, synced (until the header is on the disk the file is no qcow2 image at all,
 * never a broken one); then preallocates through {@link Qcow2Image}.
 */
public final class Qcow2Creator {

    /** The unit of qemu's virtual sizes. */
    private static final long SECTOR = 512;

    private Qcow2Creator() {
    }

    /**
     * Creates the file (replacing an existing one).
     *
     * @param path target
     * @param o options; the size must be resolved (not -1), and is rounded up to a multiple of 512
     * @param backingFormat backing format name to record, or null
     */
    public static void create(Path path, CreateOptions o, String backingFormat) {
        // rounded up to whole sectors as qemu-img create does: qemu reads a size that is not a
        // multiple of 512 rounded down, and would not see the last bytes of the disk
        long size = Qcow2Header.ceilDiv(o.size(), SECTOR) * SECTOR;
        int cs = o.clusterSize();
        int cb = Integer.numberOfTrailingZeros(cs);
        int version = o.compat().equals("0.10") ? 2 : 3;
        int order = Integer.numberOfTrailingZeros(o.refcountBits());
        long l1Long = Qcow2Header.ceilDiv(Qcow2Header.ceilDiv(size, cs), cs / 8);
        if (l1Long * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new ImageException(ImageException.Kind.TOO_LARGE, path, "A virtual size of " + size
                    + " bytes needs an L1 table over 32 MiB with " + cs + "-byte clusters; use larger clusters.");
        }
        int l1Size = (int) l1Long;
        int l1Clusters = (int) Math.max(1, Qcow2Header.ceilDiv(l1Size * 8L, cs));
        long incompat = o.compressionType().code() != 0 ? Qcow2Header.COMPRESSION_TYPE : 0;
        long compat = o.lazyRefcounts() ? Qcow2Header.LAZY_REFCOUNTS : 0;
        Qcow2Header h = new Qcow2Header(version, cb, size, 0, 0, cs, 1, 0, 0, incompat, compat, 0, order,
                version == 3 ? 112 : 72, o.compressionType().code(), o.backingFile(), backingFormat, List.of());
        FileIo io = FileIo.open(path, FileIo.Mode.CREATE);
        try {
            ByteBuffer rt = ByteBuffer.allocate(cs);
            rt.putLong(2L * cs);
            io.write(cs, rt.array(), 0, cs);
            io.write(2L * cs, new byte[cs], 0, cs);
            RefcountStore refs = new RefcountStore(io, h);
            refs.set(0, 1);
            refs.set(1, 1);
            refs.set(2, 1);
            long l1Off = refs.allocate(l1Clusters);
            io.truncate(l1Off + (long) l1Clusters * cs);
            refs.flush();
            io.sync();
            h = h.withL1(size, l1Size, l1Off).withRefcountTable(refs.tableOffset(), refs.tableClusters());
            byte[] hdr = h.encode();
            io.write(0, hdr, 0, hdr.length);
            io.sync();
        } finally {
            io.close();
        }
        if (o.preallocation() != Preallocation.OFF) {
            preallocate(path, o.preallocation());
        }
    }

    private static void preallocate(Path path, Preallocation mode) {
        try (Qcow2Image img = Qcow2Image.open(path, false, hd -> null)) {
            int cs = img.clusterSize();
            int cb = Integer.numberOfTrailingZeros(cs);
            long clusters = Qcow2Header.ceilDiv(img.virtualSize(), cs);
            int perTable = cs / 8;
            byte[] zero = mode == Preallocation.FULL ? new byte[Math.max(cs, 1 << 20)] : null;
            try (SparseFile f = SparseFile.open(path, true)) {
                for (long vc = 0; vc < clusters; vc += perTable) {
                    int k = (int) Math.min(perTable, clusters - vc);
                    img.map.setEntry(vc, 0);
                    long dst = img.refs.allocate(k);
                    for (int i = 0; i < k; i++) {
                        img.map.setEntry(vc + i, (dst + ((long) i << cb)) | ClusterMap.COPIED);
                    }
                    long len = (long) k << cb;
                    switch (mode) {
                        case OFF, METADATA -> { }
                        case FALLOC -> f.allocate(dst, len);
                        case FULL -> {
                            for (long p = 0; p < len; p += zero.length) {
                                img.io().write(dst + p, zero, 0, (int) Math.min(zero.length, len - p));
                            }
                        }
                    }
                }
            }
            img.flush();
        }
    }
}
