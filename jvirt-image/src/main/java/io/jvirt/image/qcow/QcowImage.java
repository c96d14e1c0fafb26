package io.jvirt.image.qcow;

import io.jvirt.image.Extent;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.LruCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A qcow (version 1) image, read-only. The header is validated as QEMU's qcow driver does
 * (version 1, size of at least 2 bytes, clusters of 512 bytes to 64 KiB, L2 tables of 512 bytes
 * to 64 KiB, no encryption); the L1 table must lie inside the file. An L2 entry of 0 is
 * unallocated (the backing file, or zeros); one with the top bit set is a compressed cluster
 * (offset in the low bits, compressed length above them), inflated as raw deflate to exactly
 * one cluster; anything else is the file offset of a data cluster.
 */
public final class QcowImage extends AbstractForeignImage {

    private static final int MAGIC = 0x514649fb;
    private static final int HEADER = 48;
    private static final long MAX_L1 = 1L << 24;
    private static final int CACHED_TABLES = 16;
    private static final int CACHED_CLUSTERS = 4;

    private final int clusterBits;
    private final int l2Bits;
    private final long[] l1;
    private final String backing;
    private final LruCache<long[]> tables = new LruCache<>(CACHED_TABLES);
    private final LruCache<byte[]> inflated = new LruCache<>(CACHED_CLUSTERS);

    private QcowImage(ImageFile file, long size, int clusterBits, int l2Bits, long[] l1, String backing) {
        super(file, size);
        this.clusterBits = clusterBits;
        this.l2Bits = l2Bits;
        this.l1 = l1;
        this.backing = backing;
    }

    /**
     * Opens a file that starts with the magic {@code QFI\xfb} and version 1. On failure the file
     * is left open for the caller.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws io.jvirt.image.ImageException if the image is malformed or encrypted
     */
    public static QcowImage open(ImageFile file) {
        ImageFile f = file.as("qcow");
        ByteBuffer h = f.read(0, HEADER, ByteOrder.BIG_ENDIAN, "the header");
        if (h.getInt(0) != MAGIC || h.getInt(4) != 1) {
            throw f.corrupt("the header does not carry the magic 'QFI\\xfb' with version 1");
        }
        long size = h.getLong(24);
        int clusterBits = h.get(32) & 0xff;
        int l2Bits = h.get(33) & 0xff;
        int crypt = h.getInt(36);
        long l1Offset = h.getLong(40);
        if (size <= 1 || size > MAX_VIRTUAL_SIZE) {
            throw f.corrupt("the image size " + Long.toUnsignedString(size) + " is outside 2 bytes to 2^62 bytes");
        }
        if (clusterBits < 9 || clusterBits > 16) {
            throw f.corrupt("the cluster size 2^" + clusterBits + " is outside 512 bytes to 64 KiB");
        }
        if (l2Bits < 6 || l2Bits > 13) {
            throw f.corrupt("the L2 table size of 2^" + l2Bits + " entries is outside 512 bytes to 64 KiB");
        }
        if (crypt != 0) {
            throw f.unsupported("the image is encrypted (method " + crypt + "), which jvirt does not decrypt;"
                    + " decrypt it with qemu-img convert first");
        }
        long coverage = 1L << (clusterBits + l2Bits);
        long l1Size = (size + coverage - 1) / coverage;
        if (l1Size > MAX_L1) {
            throw f.limit("its L1 table has " + l1Size + " entries, more than the " + MAX_L1 + " jvirt reads");
        }
        long[] l1 = new long[(int) l1Size];
        f.read(l1Offset, (int) l1Size * 8, ByteOrder.BIG_ENDIAN, "the L1 table").asLongBuffer().get(l1);
        String backing = null;
        long backingOffset = h.getLong(8);
        if (backingOffset != 0) {
            long n = Integer.toUnsignedLong(h.getInt(16));
            if (n == 0 || n > 1023) {
                throw f.corrupt("the backing file name of " + n + " bytes is empty or longer than 1023 bytes");
            }
            backing = new String(f.read(backingOffset, (int) n, ByteOrder.BIG_ENDIAN, "the backing file name").array(),
                    StandardCharsets.UTF_8);
        }
        return new QcowImage(f, size / 512 * 512, clusterBits, l2Bits, l1, backing);
    }

    @Override
    public String format() {
        return "qcow";
    }

    @Override
    public String subformat() {
        return "";
    }

    @Override
    public int clusterSize() {
        return 1 << clusterBits;
    }

    @Override
    public Optional<BackingFile> backingFile() {
        return Optional.ofNullable(backing).map(n -> new BackingFile(n, null));
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        Extent run = runAt(offset);
        int n = (int) Math.min(len, run.end() - offset);
        if (run.type() != Extent.Type.DATA) {
            zero(buf, off, n);
        } else if (run.hostOffset() >= 0) {
            file.readFully(run.hostOffset(), buf, off, n, "the data cluster at guest offset " + offset);
        } else {
            byte[] cluster = inflated.get(offset >>> clusterBits, this::inflate);
            System.arraycopy(cluster, (int) (offset & (clusterSize() - 1)), buf, off, n);
        }
        return n;
    }

    @Override
    protected Extent runAt(long offset) {
        long clusterEnd = ((offset >>> clusterBits) + 1) << clusterBits;
        long entry = entry(offset);
        if (entry == 0) {
            return hole(offset, clusterEnd - offset, Extent.Type.UNALLOCATED);
        }
        if (entry < 0) {
            return data(offset, clusterEnd - offset, -1);
        }
        long host = entry + (offset & (clusterSize() - 1));
        file.require(entry, clusterSize(), "the data cluster at guest offset " + offset);
        return data(offset, clusterEnd - offset, host);
    }

    /** The L2 entry of the cluster holding {@code offset}, or 0 when no L2 table maps it. */
    private long entry(long offset) {
        int l1Index = (int) (offset >>> (clusterBits + l2Bits));
        long tableAt = l1[l1Index];
        if (tableAt == 0) {
            return 0;
        }
        long[] table = tables.get(l1Index, i -> {
            long[] t = new long[1 << l2Bits];
            file.read(tableAt, t.length * 8, ByteOrder.BIG_ENDIAN, "L2 table " + i).asLongBuffer().get(t);
            return t;
        });
        return table[(int) ((offset >>> clusterBits) & ((1 << l2Bits) - 1))];
    }

    private byte[] inflate(long cluster) {
        long entry = entry(cluster << clusterBits);
        long at = entry & ((1L << (63 - clusterBits)) - 1);
        int length = (int) ((entry >>> (63 - clusterBits)) & (clusterSize() - 1));
        String what = "the compressed cluster at offset " + at;
        byte[] input = file.read(at, length, ByteOrder.BIG_ENDIAN, what).array();
        byte[] out = new byte[clusterSize()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(input);
            int n = inflater.inflate(out);
            if (n != out.length) {
                throw file.corrupt(what + " inflates to " + n + " bytes instead of a cluster of " + out.length);
            }
            return out;
        } catch (DataFormatException e) {
            throw file.corrupt(what + " is not valid deflate data");
        } finally {
            inflater.end();
        }
    }
}
