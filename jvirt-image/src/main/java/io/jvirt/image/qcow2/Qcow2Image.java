package io.jvirt.image.qcow2;

import io.jvirt.image.CompressionType;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.WriteCache;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.SnapshotInfo;
import io.jvirt.image.internal.Buffers;
import io.jvirt.image.internal.FileIo;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.raw.RawImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A qcow2 v2/v3 image: reads through L1/L2 (with compressed, zero and extended-L2 clusters)
 * and the backing chain; writes allocate clusters at the end of the file, un-share clusters
 * referenced by snapshots, and keep refcounts and COPIED flags exact.
 */
public final class Qcow2Image implements DiskImage {

    private final FileIo io;
    private final boolean readOnly;
    private final int cb;
    private final int cs;
    private final DiskImage backing;
    Qcow2Header header;
    private final WriteOrder order;
    final RefcountStore refs;
    ClusterMap map;
    List<Qcow2Snapshots.Snapshot> snapshots;
    private long cachedCompressed = -1;
    private final byte[] compressedData;
    private long compCursor = -1;
    private boolean dirtyMarked;
    private boolean closed;
    private ImageLock lock;

    private Qcow2Image(FileIo io, Qcow2Header h, boolean readOnly, Function<Qcow2Header, DiskImage> backingOpener,
            long l2CacheBytes) {
        this.io = io;
        this.header = h;
        this.order = new WriteOrder(this, h);
        this.readOnly = readOnly;
        this.cb = h.clusterBits();
        this.cs = h.clusterSize();
        this.compressedData = new byte[cs];
        this.refs = readOnly ? null : new RefcountStore(io, h);
        this.map = new ClusterMap(io, h, ClusterMap.readL1(io, h.l1TableOffset(), h.l1Size()), h.l1TableOffset(), refs,
                l2CacheBytes, order::barrier);
        this.snapshots = Qcow2Snapshots.read(io, h);
        this.backing = h.backingFile() == null ? null : backingOpener.apply(h);
    }

    /**
     * Opens a qcow2 image.
     *
     * @param path file
     * @param readOnly whether to refuse writes
     * @param backingOpener opens the backing file named by the header (called only when there is one)
     * @return the image
     */
    public static Qcow2Image open(Path path, boolean readOnly, Function<Qcow2Header, DiskImage> backingOpener) {
        return open(path, readOnly, backingOpener, WriteCache.WRITEBACK);
    }

    /**
     * Opens a qcow2 image with a write cache mode.
     *
     * @param path file
     * @param readOnly whether to refuse writes
     * @param backingOpener opens the backing file named by the header (called only when there is one)
     * @param cache how writes reach the disk ({@link WriteCache#UNSAFE} keeps the order of the
     *     metadata writes but makes no fsync)
     * @return the image
     */
    public static Qcow2Image open(Path path, boolean readOnly, Function<Qcow2Header, DiskImage> backingOpener,
            WriteCache cache) {
        return open(path, readOnly, backingOpener, L2Cache.DEFAULT_BYTES, cache);
    }

    /**
     * Opens a qcow2 image with an L2 cache of a given size (tests use a tiny one to force
     * evictions).
     *
     * @param path file
     * @param readOnly whether to refuse writes
     * @param backingOpener opens the backing file named by the header
     * @param l2CacheBytes capacity of the L2 table cache in bytes (at least four tables)
     * @return the image
     */
    static Qcow2Image open(Path path, boolean readOnly, Function<Qcow2Header, DiskImage> backingOpener,
            long l2CacheBytes) {
        return open(path, readOnly, backingOpener, l2CacheBytes, WriteCache.WRITEBACK);
    }

    private static Qcow2Image open(Path path, boolean readOnly, Function<Qcow2Header, DiskImage> backingOpener,
            long l2CacheBytes, WriteCache cache) {
        FileIo io = FileIo.open(path, readOnly ? FileIo.Mode.READ : FileIo.Mode.WRITE, cache);
        try {
            Qcow2Header h = Qcow2Header.read(io);
            if (!readOnly && (h.incompatible() & Qcow2Header.CORRUPT) != 0) {
                throw new ImageException(ImageException.Kind.CORRUPT, path, "Image " + path
                        + " is marked corrupt, so it can only be opened read-only; 'check -r all' repairs it.");
            }
            if (!readOnly && (h.incompatible() & Qcow2Header.DIRTY) != 0) {
                Qcow2Checker.repair(io, h, true);
                h = Qcow2Header.read(io);
            }
            return new Qcow2Image(io, h, readOnly, backingOpener, l2CacheBytes);
        } catch (RuntimeException e) {
            io.close();
            throw e;
        }
    }

    @Override
    public Path path() {
        return io.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public long virtualSize() {
        return header.size();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** @return the parsed header */
    public Qcow2Header header() {
        return header;
    }

    /** @return the cluster size */
    public int clusterSize() {
        return cs;
    }

    FileIo io() {
        return io;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        read(offset, ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        checkRange(offset, len);
        int at = dst.position();
        while (len > 0) {
            long vc = offset >>> cb;
            int in = (int) (offset & (cs - 1));
            int n = Math.min(len, cs - in);
            long e = map.entry(vc);
            if (map.extended() && (e & ClusterMap.COMPRESSED) == 0) {
                readExtended(vc, e, in, dst, at, n);
            } else if ((e & ClusterMap.COMPRESSED) != 0) {
                decompress(e, vc);
                dst.put(at, compressedData, in, n);
            } else if ((e & ClusterMap.ZERO) != 0 && header.version() == 3) {
                Buffers.zero(dst, at, n);
            } else if ((e & ClusterMap.OFFSET_MASK) == 0) {
                readBacking(offset, dst, at, n);
            } else {
                long host = e & ClusterMap.OFFSET_MASK;
                while (n < len) {
                    long ne = map.entry(vc + 1);
                    if ((ne & (ClusterMap.COMPRESSED | ClusterMap.ZERO)) != 0
                            || (ne & ClusterMap.OFFSET_MASK) != host + ((vc + 1 - (offset >>> cb)) << cb)) {
                        break;
                    }
                    vc++;
                    n = Math.min(len, n + cs);
                }
                readHost(host + in, dst, at, n);
            }
            offset += n;
            at += n;
            len -= n;
        }
        dst.position(at);
    }

    private void readHost(long host, ByteBuffer dst, int at, int len) {
        long fileSize = io.size();
        ByteBuffer part = dst.slice(at, len);
        if (host + len > fileSize) {
            if ((host & ~(long) (cs - 1)) >= fileSize) {
                throw new ImageException(ImageException.Kind.CORRUPT, io.path(), "A data cluster of image "
                        + io.path() + " at offset " + host + " lies past the end of the file.");
            }
            io.readOrZero(host, part);
            return;
        }
        io.readFully(host, part, "data cluster");
    }

    private void readExtended(long vc, long e, int in, ByteBuffer dst, int at, int n) {
        long bitmap = map.bitmap(vc);
        int sub = cs / 32;
        long host = e & ClusterMap.OFFSET_MASK;
        int pos = in;
        while (pos < in + n) {
            int s = pos / sub;
            int m = Math.min(in + n, (s + 1) * sub) - pos;
            int to = at + pos - in;
            if ((bitmap & (1L << (32 + s))) != 0) {
                Buffers.zero(dst, to, m);
            } else if ((bitmap & (1L << s)) != 0) {
                if (host == 0) {
                    throw new ImageException(ImageException.Kind.CORRUPT, io.path(), "An extended L2 entry of image "
                            + io.path() + " marks subclusters allocated but has no host offset.");
                }
                readHost(host + pos, dst, to, m);
            } else {
                readBacking((vc << cb) + pos, dst, to, m);
            }
            pos += m;
        }
    }

    private void readBacking(long offset, ByteBuffer dst, int at, int len) {
        if (backing == null || offset >= backing.virtualSize()) {
            Buffers.zero(dst, at, len);
            return;
        }
        int n = (int) Math.min(len, backing.virtualSize() - offset);
        backing.read(offset, dst.slice(at, n));
        Buffers.zero(dst, at + n, len - n);
    }

    private void decompress(long e, long vc) {
        if (cachedCompressed == e) {
            return;
        }
        long coff = map.compressedOffset(e);
        long sectors = map.compressedSectors(e);
        int start = (int) (coff & 511);
        int len = (int) (sectors * 512 - start);
        if (len <= 0 || len > 2 * cs + 512) {
            throw new ImageException(ImageException.Kind.CORRUPT, io.path(), "The compressed cluster at guest offset "
                    + (vc << cb) + " of image " + io.path() + " has an invalid size.");
        }
        byte[] src = new byte[len];
        io.readOrZero(coff, src, 0, len);
        CompressionType type = header.compressionType() == 1 ? CompressionType.ZSTD : CompressionType.ZLIB;
        if (!Compression.decompress(type, src, len, compressedData)) {
            cachedCompressed = -1;
            throw new ImageException(ImageException.Kind.CORRUPT, io.path(), "The compressed cluster at guest offset "
                    + (vc << cb) + " of image " + io.path() + " cannot be decompressed.");
        }
        cachedCompressed = e;
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len) {
        write(offset, ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        int len = src.remaining();
        checkWritable();
        checkRange(offset, len);
        markDirty();
        cachedCompressed = -1;
        int at = src.position();
        while (len > 0) {
            long vc = offset >>> cb;
            int in = (int) (offset & (cs - 1));
            int n = Math.min(len, cs - in);
            long e = map.entry(vc);
            long host = e & ClusterMap.OFFSET_MASK;
            boolean inPlace = (e & ClusterMap.COPIED) != 0 && host != 0
                    && (e & (ClusterMap.COMPRESSED | ClusterMap.ZERO)) == 0;
            if (inPlace) {
                io.write(host + in, src.slice(at, n));
            } else if (n == cs) {
                int k = 1;
                long tableEnd = ((vc >>> map.l2Bits()) + 1) << map.l2Bits();
                while ((long) (k + 1) * cs <= len && vc + k < tableEnd && needsAllocation(map.entry(vc + k))) {
                    k++;
                }
                long dst = refs.allocate(k);
                io.write(dst, src.slice(at, k * cs));
                for (int i = 0; i < k; i++) {
                    long old = i == 0 ? e : map.entry(vc + i);
                    map.setEntry(vc + i, (dst + ((long) i << cb)) | ClusterMap.COPIED);
                    map.release(old);
                }
                n = k * cs;
            } else {
                byte[] c = new byte[cs];
                read(vc << cb, c, 0, (int) Math.min(cs, header.size() - (vc << cb)));
                src.get(at, c, in, n);
                long dst = refs.allocate(1);
                io.write(dst, c, 0, cs);
                map.setEntry(vc, dst | ClusterMap.COPIED);
                map.release(e);
            }
            offset += n;
            at += n;
            len -= n;
        }
        src.position(at);
    }

    private static boolean needsAllocation(long e) {
        return (e & ClusterMap.COPIED) == 0 || (e & ClusterMap.OFFSET_MASK) == 0
                || (e & (ClusterMap.COMPRESSED | ClusterMap.ZERO)) != 0;
    }

    /**
     * Stores one full cluster compressed. The data must already be compressed with this
     * image's compression type.
     *
     * @param vc guest cluster index
     * @param data compressed bytes, shorter than a cluster
     */
    public void writeCompressed(long vc, byte[] data) {
        checkWritable();
        markDirty();
        cachedCompressed = -1;
        int sectors = (data.length + 511) / 512;
        if (compCursor >= 0 && refs.get(compCursor >>> cb) == 0) {
            compCursor = -1;
        }
        long start;
        long newFrom;
        if (compCursor >= 0 && compCursor + data.length <= (compCursor | (cs - 1)) + 1) {
            start = compCursor;
            newFrom = Long.MAX_VALUE;
        } else {
            int k = (data.length + cs - 1) / cs;
            start = refs.allocate(k);
            newFrom = start;
        }
        long end = start + sectors * 512L;
        for (long c = start >>> cb; c <= (end - 1) >>> cb; c++) {
            if ((c << cb) < newFrom) {
                refs.add(c, 1);
            }
        }
        io.write(start, data, 0, data.length);
        compCursor = end;
        if ((compCursor & (cs - 1)) == 0) {
            compCursor = -1;
        }
        long old = map.entry(vc);
        map.setEntry(vc, map.compressedEntry(start, sectors));
        map.release(old);
    }

    /** @return the compression type of this image */
    public CompressionType compressionType() {
        return header.compressionType() == 1 ? CompressionType.ZSTD : CompressionType.ZLIB;
    }

    @Override
    public void writeZeroes(long offset, long len) {
        checkWritable();
        checkRange(offset, len);
        zeroOrDiscard(offset, len, false);
    }

    /**
     * Deallocates a range so that it reads from the backing file (or as zeroes without one).
     *
     * @param offset guest offset
     * @param len length
     */
    public void discard(long offset, long len) {
        checkWritable();
        checkRange(offset, len);
        zeroOrDiscard(offset, len, true);
    }

    private void zeroOrDiscard(long offset, long len, boolean discard) {
        markDirty();
        cachedCompressed = -1;
        long end = offset + len;
        byte[] zeroes = null;
        while (offset < end) {
            long vc = offset >>> cb;
            int in = (int) (offset & (cs - 1));
            long n = Math.min(end - offset, cs - in);
            boolean full = in == 0 && (n == cs || offset + n == header.size());
            if (!full) {
                if (!discard) {
                    zeroes = zeroes == null ? new byte[cs] : zeroes;
                    write(offset, zeroes, 0, (int) n);
                }
            } else {
                long e = map.entry(vc);
                long target = discard || (backing == null && header.version() == 2) ? 0
                        : header.version() == 3 ? ClusterMap.ZERO : -1;
                if (target == -1) {
                    zeroes = zeroes == null ? new byte[cs] : zeroes;
                    write(offset, zeroes, 0, (int) n);
                } else if (e != target && !(e == 0 && backing == null)) {
                    map.setEntry(vc, target);
                    map.release(e);
                }
            }
            offset += n;
        }
    }

    @Override
    public Extent status(long offset, long maxLen) {
        long end = Math.min(header.size(), offset + maxLen);
        long vc = offset >>> cb;
        Extent.Type type = typeOf(vc, (int) (offset & (cs - 1)));
        long e = map.entry(vc);
        boolean plain = type == Extent.Type.DATA && !map.extended() && (e & ClusterMap.COMPRESSED) == 0;
        long host = plain ? (e & ClusterMap.OFFSET_MASK) + (offset & (cs - 1)) : -1;
        long pos = map.extended() ? subEnd(offset) : ((vc + 1) << cb);
        while (pos < end) {
            long pvc = pos >>> cb;
            if (typeOf(pvc, (int) (pos & (cs - 1))) != type) {
                break;
            }
            if (plain) {
                long pe = map.entry(pvc);
                if ((pe & ClusterMap.COMPRESSED) != 0 || (pe & ClusterMap.OFFSET_MASK) != host + (pos - offset)) {
                    break;
                }
            } else if (type == Extent.Type.DATA) {
                break;
            }
            pos = map.extended() ? subEnd(pos) : pos + cs;
        }
        return new Extent(offset, Math.min(pos, end) - offset, type, host);
    }

    private long subEnd(long pos) {
        int sub = cs / 32;
        return (pos / sub + 1) * sub;
    }

    private Extent.Type typeOf(long vc, int in) {
        long e = map.entry(vc);
        if ((e & ClusterMap.COMPRESSED) != 0) {
            return Extent.Type.DATA;
        }
        if (map.extended()) {
            long bm = map.bitmap(vc);
            int s = in / (cs / 32);
            if ((bm & (1L << (32 + s))) != 0) {
                return Extent.Type.ZERO;
            }
            return (bm & (1L << s)) != 0 ? Extent.Type.DATA : Extent.Type.UNALLOCATED;
        }
        if ((e & ClusterMap.ZERO) != 0 && header.version() == 3) {
            return Extent.Type.ZERO;
        }
        return (e & ClusterMap.OFFSET_MASK) != 0 ? Extent.Type.DATA : Extent.Type.UNALLOCATED;
    }

    @Override
    public Optional<DiskImage> backing() {
        return Optional.ofNullable(backing);
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return snapshots.stream().map(Qcow2Snapshots.Snapshot::info).toList();
    }

    @Override
    public ImageInfo info() {
        String full = null;
        if (header.backingFile() != null) {
            full = backing != null ? backing.path().toString()
                    : Qcow2Backing.resolve(io.path(), header.backingFile()).toString();
        }
        return new ImageInfo(io.path().toString(), ImageFormat.QCOW2, header.size(), RawImage.actualSize(io.path()),
                cs, header.backingFile(), full, header.backingFormat(), (header.incompatible() & Qcow2Header.DIRTY) != 0,
                snapshots(), new ImageInfo.Qcow2Details(header.version() == 2 ? "0.10" : "1.1", compressionType(),
                        (header.compatible() & Qcow2Header.LAZY_REFCOUNTS) != 0, header.refcountBits(),
                        (header.incompatible() & Qcow2Header.CORRUPT) != 0, header.extendedL2()));
    }

    private void markDirty() {
        if (dirtyMarked || (header.compatible() & Qcow2Header.LAZY_REFCOUNTS) == 0) {
            return;
        }
        dirtyMarked = true;
        order.setIncompatibleNow(header.incompatible() | Qcow2Header.DIRTY);
    }

    /**
     * Changes the header; {@link #flush} writes it once what it points to is durable.
     *
     * @param h new header
     */
    void updateHeader(Qcow2Header h) {
        header = h;
    }

    /**
     * Makes every write so far durable, with metadata reaching the disk in dependency order
     * ({@link WriteOrder}): a crash at any point leaves at worst leaked clusters.
     */
    @Override
    public void flush() {
        if (!readOnly) {
            order.flush();
        }
    }

    /**
     * Hands cached metadata to the operating system in dependency order without the final
     * fsync ({@link WriteOrder#writeCaches}).
     */
    @Override
    public void writeCaches() {
        if (!readOnly) {
            order.writeCaches();
        }
    }

    /** Starts a structural change committed by {@link #commitShadow} ({@link WriteOrder#beginShadow}). */
    void beginShadow() {
        order.beginShadow();
    }

    /**
     * Commits a structural change in one header write ({@link WriteOrder#commitShadow}).
     *
     * @param next the new header
     */
    void commitShadow(Qcow2Header next) {
        order.commitShadow(next);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!readOnly && !order.inShadow()) {
                order.flush();
                if (dirtyMarked) {
                    order.setIncompatibleNow(header.incompatible() & ~Qcow2Header.DIRTY);
                    io.sync();
                }
            }
        } finally {
            io.close();
            try {
                if (backing != null) {
                    backing.close();
                }
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    /**
     * Keeps the file's lock bytes until this image is closed ({@link io.jvirt.image.Images} attaches them).
     *
     * @param held the lock
     * @return this image
     */
    public Qcow2Image holdUntilClosed(ImageLock held) {
        this.lock = held;
        return this;
    }

    void checkWritable() {
        if (readOnly) {
            throw new ImageException(ImageException.Kind.READ_ONLY, io.path(), "Image " + io.path() + " is open read-only.");
        }
    }

    private void checkRange(long offset, long len) {
        if (offset < 0 || len < 0 || offset + len > header.size()) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, io.path(), "The range " + offset + "+" + len
                    + " lies outside image " + io.path() + " of " + header.size() + " bytes.");
        }
    }
}
