package io.jvirt.image.qcow2;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.jvirt.image.CompressionType;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compressed-cluster codecs: raw deflate (window 4 KiB, as qemu) and zstd frames. Thread-safe:
 * each thread gets its own codec state.
 */
public final class Compression {

    /** Deflate level, zlib's default like qemu. */
    static final int DEFLATE_LEVEL = 6;
    /** Sample size for the incompressibility probe. */
    private static final int PROBE = 4096;

    private static final ThreadLocal<Deflater> PROBER = ThreadLocal.withInitial(() -> new Deflater(1, true));

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(DEFLATE_LEVEL, true));
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private Compression() {
    }

    /**
     * Compresses one cluster.
     *
     * @param type algorithm
     * @param src source bytes
     * @param off offset of the cluster in src
     * @param len cluster size
     * @return compressed bytes, or null when compression does not save space
     */
    public static byte[] compress(CompressionType type, byte[] src, int off, int len) {
        if (len >= 4 * PROBE && incompressible(src, off)) {
            return null;
        }
        return switch (type) {
            case ZLIB -> deflate(src, off, len);
            case ZSTD -> zstd(src, off, len);
        };
    }

    /**
     * Probes the first 4 KiB with the fastest deflate level: when it saves less than 2%, the
     * cluster is taken as incompressible (random, encrypted or already compressed data) and
     * stored uncompressed, which qcow2 allows for any cluster of a compressed image.
     */
    private static boolean incompressible(byte[] src, int off) {
        Deflater d = PROBER.get();
        d.reset();
        d.setInput(src, off, PROBE);
        d.finish();
        byte[] out = new byte[PROBE + 64];
        int n = 0;
        while (!d.finished() && n < out.length) {
            n += d.deflate(out, n, out.length - n);
        }
        return n >= PROBE * 98 / 100;
    }

    private static byte[] deflate(byte[] src, int off, int len) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(src, off, len);
        d.finish();
        byte[] out = new byte[len];
        int n = 0;
        while (!d.finished() && n < out.length - 1) {
            n += d.deflate(out, n, out.length - 1 - n);
        }
        if (!d.finished()) {
            return null;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] zstd(byte[] src, int off, int len) {
        ZstdCompressor c = new ZstdCompressor();
        byte[] out = new byte[c.maxCompressedLength(len)];
        int n = c.compress(src, off, len, out, 0, out.length);
        return n >= len ? null : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decompresses one cluster.
     *
     * @param type algorithm
     * @param src compressed bytes (may carry trailing bytes of the last sector)
     * @param srcLen bytes available in src
     * @param dst destination, exactly one cluster
     * @return true on success, false when the data is malformed
     */
    public static boolean decompress(CompressionType type, byte[] src, int srcLen, byte[] dst) {
        return switch (type) {
            case ZLIB -> inflate(src, srcLen, dst);
            case ZSTD -> unzstd(src, srcLen, dst);
        };
    }

    private static boolean inflate(byte[] src, int srcLen, byte[] dst) {
        Inflater inf = INFLATER.get();
        inf.reset();
        inf.setInput(src, 0, srcLen);
        try {
            int n = 0;
            while (n < dst.length) {
                int r = inf.inflate(dst, n, dst.length - n);
                if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += r;
            }
            return n == dst.length;
        } catch (DataFormatException e) {
            return false;
        }
    }

    private static boolean unzstd(byte[] src, int srcLen, byte[] dst) {
        int frame = ZstdFrames.frameLength(src, srcLen);
        if (frame <= 0) {
            return false;
        }
        try {
            int n = new ZstdDecompressor().decompress(src, 0, frame, dst, 0, dst.length);
            return n == dst.length;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
