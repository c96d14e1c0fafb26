package io.jvirt.image.ops;

import io.jvirt.image.CompressionType;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.internal.Zeroes;
import io.jvirt.image.qcow2.Compression;
import io.jvirt.image.qcow2.Qcow2Image;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * qemu-img convert: copies the guest contents of a source (through its chain) into a new or
 * existing target, skipping holes and zero runs, compressing clusters in parallel with -c.
 */
public final class Converter {

    private static final int CHUNK = 2 << 20;
    /** Chunks read ahead of the writer. */
    private static final int READ_AHEAD = 4;

    private final DiskImage src;
    private final ConvertOptions o;
    private final Progress progress;
    private DiskImage dst;
    private boolean fresh;
    private int cs;

    private Converter(DiskImage src, ConvertOptions o, Progress progress) {
        this.src = src;
        this.o = o;
        this.progress = progress;
    }

    /**
     * Converts.
     *
     * @param src opened source
     * @param target target file
     * @param targetFormat format of the target (for an existing target, its format)
     * @param o options
     * @param progress progress receiver
     */
    public static void convert(DiskImage src, Path target, ImageFormat targetFormat, ConvertOptions o, Progress progress) {
        Converter c = new Converter(src, o, progress);
        c.run(target, targetFormat);
    }

    private void run(Path target, ImageFormat fmt) {
        if (o.compress() && fmt != ImageFormat.QCOW2) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, target,
                    "Compression (-c) needs a qcow2 target, not " + fmt.qemuName() + ".");
        }
        fresh = o.create() != null;
        if (fresh) {
            CreateOptions c = o.create();
            if (c.size() != src.virtualSize()) {
                c = rebuild(c, src.virtualSize());
            }
            Images.create(target, c);
        }
        Images.OpenOptions oo = Images.OpenOptions.of(false).withFormat(fmt).withBacking(!fresh || o.backingAware())
                .withCache(o.cache());
        try (DiskImage d = Images.open(target, oo)) {
            dst = d;
            cs = d instanceof Qcow2Image q ? q.clusterSize() : 4096;
            if (!fresh && d.virtualSize() < src.virtualSize()) {
                throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, target, "Target image " + target
                        + " (" + d.virtualSize() + " bytes) is smaller than the source (" + src.virtualSize() + " bytes).");
            }
            copy();
        }
        progress.update(100);
    }

    private static CreateOptions rebuild(CreateOptions c, long size) {
        return CreateOptions.builder(c.format(), size).backingFile(c.backingFile()).backingFormat(c.backingFormat())
                .clusterSize(c.clusterSize()).preallocation(c.preallocation()).compressionType(c.compressionType())
                .lazyRefcounts(c.lazyRefcounts()).refcountBits(c.refcountBits()).compat(c.compat())
                .unsafeBacking(c.unsafeBacking()).build();
    }

    private void copy() {
        if (o.compress()) {
            copyCompressed();
            return;
        }
        long size = src.virtualSize();
        int chunk = Math.max(CHUNK, cs);
        try (ReadAhead ahead = new ReadAhead(size, chunk, READ_AHEAD, new ReadAhead.Source() {
            @Override
            public ReadAhead.Span span(long pos, long limit) {
                return Converter.this.span(pos, limit);
            }

            @Override
            public void read(long pos, ByteBuffer buf, int len) {
                src.read(pos, buf.clear().limit(len));
            }
        })) {
            for (ReadAhead.Piece p = ahead.next(); p != null; p = ahead.next()) {
                switch (p.type()) {
                    case UNALLOCATED -> { }
                    case ZERO -> zero(p.pos(), p.len());
                    case DATA -> writeData(p.pos(), p.buf(), 0, (int) p.len());
                }
                ahead.recycle(p.buf());
                progress.update(100.0 * (p.pos() + p.len()) / size);
            }
        }
    }

    /** The source's extent at {@code pos} within the chunk that ends at {@code limit}. */
    private ReadAhead.Span span(long pos, long limit) {
        if (o.backingAware()) {
            Extent e = src.status(pos, limit - pos);
            return new ReadAhead.Span(e.type(), e.length());
        }
        ChainStatus s = ChainStatus.at(src, pos, limit - pos);
        return new ReadAhead.Span(s.data() ? Extent.Type.DATA : Extent.Type.ZERO, s.length());
    }

    /** -c: whole chunks, compressed cluster by cluster on a pool of workers, written in order. */
    private void copyCompressed() {
        long size = src.virtualSize();
        byte[] buf = new byte[Math.max(CHUNK, cs)];
        int chunk = buf.length;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        ArrayDeque<Pending> pending = new ArrayDeque<>();
        try {
            long pos = 0;
            while (pos < size) {
                long limit = Math.min(size, (pos / chunk + 1) * chunk);
                ChainStatus s = ChainStatus.at(src, pos, limit - pos);
                boolean whole = s.length() == limit - pos;
                Extent.Type type = whole && !s.data() ? Extent.Type.ZERO : Extent.Type.DATA;
                if (o.backingAware()) {
                    Extent top = src.status(pos, limit - pos);
                    if (top.length() == limit - pos && top.type() == Extent.Type.UNALLOCATED) {
                        type = Extent.Type.UNALLOCATED;
                    }
                }
                long len = limit - pos;
                switch (type) {
                    case UNALLOCATED -> { }
                    case ZERO -> zero(pos, len);
                    case DATA -> {
                        src.read(pos, buf, 0, (int) len);
                        compress(pool, pending, pos, buf, (int) len);
                    }
                }
                pos += len;
                progress.update(100.0 * pos / size);
            }
            drain(pending, 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private void zero(long pos, long len) {
        if (fresh && !o.backingAware()) {
            return;
        }
        dst.writeZeroes(pos, len);
    }

    private void writeData(long pos, ByteBuffer buf, int off, int len) {
        long sparse = o.sparseSize();
        if (sparse <= 0) {
            dst.write(pos, buf.slice(off, len));
            return;
        }
        int g = (int) Math.max(cs, Math.min(sparse, CHUNK));
        if (dst.format() == ImageFormat.RAW) {
            g = (int) Math.min(sparse, CHUNK);
        }
        int i = 0;
        while (i < len) {
            int start = i;
            long gEnd = Math.min(len, ((pos + i) / g + 1) * g - pos);
            boolean z = Zeroes.isZero(buf, off + i, (int) (gEnd - i));
            int j = (int) gEnd;
            while (j < len) {
                long next = Math.min(len, j + (long) g);
                if (Zeroes.isZero(buf, off + j, (int) (next - j)) != z) {
                    break;
                }
                j = (int) next;
            }
            if (!z) {
                dst.write(pos + start, buf.slice(off + start, j - start));
            } else {
                zero(pos + start, j - start);
            }
            i = j;
        }
    }

    private record Pending(long offset, byte[] raw, int len, Future<byte[]> compressed) {
    }

    private void compress(ExecutorService pool, ArrayDeque<Pending> pending, long pos, byte[] buf, int len) {
        Qcow2Image q = (Qcow2Image) dst;
        CompressionType type = q.compressionType();
        int window = Math.max(8, o.threads() * 8);
        for (int i = 0; i < len; i += cs) {
            int n = Math.min(cs, len - i);
            if (Zeroes.isZero(buf, i, n)) {
                drain(pending, 0);
                zero(pos + i, n);
                continue;
            }
            byte[] raw = new byte[cs];
            System.arraycopy(buf, i, raw, 0, n);
            Future<byte[]> f = n == cs ? pool.submit(() -> Compression.compress(type, raw, 0, cs)) : null;
            pending.add(new Pending(pos + i, raw, n, f));
            drain(pending, window);
        }
    }

    private void drain(ArrayDeque<Pending> pending, int keep) {
        while (pending.size() > keep) {
            Pending p = pending.poll();
            byte[] c = null;
            if (p.compressed() != null) {
                try {
                    c = p.compressed().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException(ImageException.Kind.IO, dst.path(), "The conversion was interrupted.");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof ImageException ie ? ie
                            : new ImageException(ImageException.Kind.IO, dst.path(),
                                    "Compressing a cluster failed: " + e.getCause() + ".", e.getCause());
                }
            }
            if (c != null) {
                ((Qcow2Image) dst).writeCompressed(p.offset() / cs, c);
            } else {
                dst.write(p.offset(), p.raw(), 0, p.len());
            }
        }
    }
}
