package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Guest-to-host mapping of one L1 table: L1 entries in memory, L2 tables through the cache,
 * copy-on-write of shared L2 tables, and refcount release of replaced entries. The owner
 * writes the tables ({@link #writeTables}) and then the L1 table ({@link #writeL1}) in the
 * order of {@link Qcow2Image#flush}.
 */
final class ClusterMap {

    static final long OFFSET_MASK = 0x00fffffffffffe00L;
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;

    private final FileIo io;
    private final Path path;
    private final int cb;
    private final int cs;
    private final boolean ext;
    private final int l2Bits;
    private final L2Cache cache;
    private final RefcountStore refs;
    private final long compOffsetMask;
    private final int compSizeShift;
    private final long compSizeMask;
    long[] l1;
    long l1Offset;
    boolean l1Dirty;

    ClusterMap(FileIo io, Qcow2Header h, long[] l1, long l1Offset, RefcountStore refs) {
        this(io, h, l1, l1Offset, refs, L2Cache.DEFAULT_BYTES, () -> { });
    }

    /**
     * @param io the file
     * @param h header
     * @param l1 L1 entries
     * @param l1Offset where the L1 table is
     * @param refs refcounts (null when read-only)
     * @param cacheBytes L2 cache capacity
     * @param barrier makes refcount increments durable before an L2 table is written in place
     */
    ClusterMap(FileIo io, Qcow2Header h, long[] l1, long l1Offset, RefcountStore refs, long cacheBytes,
            Runnable barrier) {
        this.io = io;
        this.path = io.path();
        this.cb = h.clusterBits();
        this.cs = h.clusterSize();
        this.ext = h.extendedL2();
        this.l2Bits = cb - (ext ? 4 : 3);
        this.cache = new L2Cache(io, cs, cacheBytes, barrier);
        this.refs = refs;
        this.l1 = l1;
        this.l1Offset = l1Offset;
        int x = 62 - (cb - 8);
        this.compOffsetMask = (1L << x) - 1;
        this.compSizeShift = x;
        this.compSizeMask = (1L << (cb - 8)) - 1;
    }

    /**
     * Reads an L1 table from the file.
     *
     * @param io file
     * @param offset table offset
     * @param size entries
     * @return the entries
     */
    static long[] readL1(FileIo io, long offset, int size) {
        byte[] raw = new byte[size * 8];
        if (size > 0) {
            io.readFully(offset, raw, 0, raw.length, "L1 table");
        }
        long[] l1 = new long[size];
        ByteBuffer.wrap(raw).asLongBuffer().get(l1);
        return l1;
    }

    int l2Bits() {
        return l2Bits;
    }

    boolean extended() {
        return ext;
    }

    /** @return the first word of the L2 entry of a guest cluster, 0 when no L2 table exists */
    long entry(long vc) {
        long i = vc >>> l2Bits;
        if (i >= l1.length) {
            return 0;
        }
        long off = l1[(int) i] & OFFSET_MASK;
        if (off == 0) {
            return 0;
        }
        int idx = (int) (vc & ((1L << l2Bits) - 1));
        return cache.get(off, i).words[ext ? idx * 2 : idx];
    }

    /** @return the subcluster bitmap of an extended L2 entry, 0 without one */
    long bitmap(long vc) {
        long i = vc >>> l2Bits;
        if (!ext || i >= l1.length || (l1[(int) i] & OFFSET_MASK) == 0) {
            return 0;
        }
        int idx = (int) (vc & ((1L << l2Bits) - 1));
        return cache.get(l1[(int) i] & OFFSET_MASK, i).words[idx * 2 + 1];
    }

    /** @return whether the L2 table of this cluster exists */
    boolean hasTable(long vc) {
        long i = vc >>> l2Bits;
        return i < l1.length && (l1[(int) i] & OFFSET_MASK) != 0;
    }

    /** Sets the L2 entry of a guest cluster, allocating or un-sharing its L2 table. */
    void setEntry(long vc, long value) {
        if (ext) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                    "Image " + path + " uses extended L2 entries, which this engine can read but not write.");
        }
        L2Cache.Table t = writable(vc >>> l2Bits);
        t.words[(int) (vc & ((1L << l2Bits) - 1))] = value;
        t.dirty = true;
    }

    private L2Cache.Table writable(long l1Index) {
        if (l1Index >= l1.length) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, path,
                    "A write to image " + path + " falls outside its L1 table.");
        }
        int i = (int) l1Index;
        long e = l1[i];
        long off = e & OFFSET_MASK;
        if (off == 0) {
            long n = refs.allocate(1);
            L2Cache.Table t = cache.create(n, new long[cs / 8]);
            l1[i] = n | COPIED;
            l1Dirty = true;
            return t;
        }
        L2Cache.Table t = cache.get(off, l1Index);
        if ((e & COPIED) != 0) {
            return t;
        }
        long n = refs.allocate(1);
        long[] copy = t.words.clone();
        refs.add(off >>> cb, -1);
        l1[i] = n | COPIED;
        l1Dirty = true;
        return cache.create(n, copy);
    }

    /** Drops the references an L2 entry holds. */
    void release(long entry) {
        if ((entry & COMPRESSED) != 0) {
            long start = (entry & compOffsetMask) & ~511L;
            long end = start + compressedSectors(entry) * 512L;
            for (long c = start >>> cb; c <= (end - 1) >>> cb; c++) {
                refs.add(c, -1);
            }
            return;
        }
        long off = entry & OFFSET_MASK;
        if (off != 0) {
            refs.add(off >>> cb, -1);
        }
    }

    /** @return the byte offset of a compressed cluster's data */
    long compressedOffset(long entry) {
        return entry & compOffsetMask;
    }

    /** @return the number of 512-byte sectors a compressed cluster spans */
    long compressedSectors(long entry) {
        return ((entry >>> compSizeShift) & compSizeMask) + 1;
    }

    /** @return an L2 entry for compressed data */
    long compressedEntry(long offset, int sectors) {
        return COMPRESSED | ((long) (sectors - 1) << compSizeShift) | offset;
    }

    /**
     * Writes every modified L2 table (second step of the write ordering).
     *
     * @return whether anything was written
     */
    boolean writeTables() {
        return cache.writeAll();
    }

    /** @return whether the L1 table has changes not written yet */
    boolean l1Dirty() {
        return l1Dirty;
    }

    /**
     * Writes the L1 table where it is if it changed (third step: after the tables it points
     * to are durable).
     *
     * @return whether it was written
     */
    boolean writeL1() {
        if (!l1Dirty) {
            return false;
        }
        writeL1At(l1Offset);
        l1Dirty = false;
        cache.settle();
        return true;
    }

    /**
     * Replaces the L1 table by new entries written at a new place (which the caller has
     * allocated and will point the header to).
     *
     * @param entries new entries
     * @param offset new place
     */
    void replaceL1(long[] entries, long offset) {
        l1 = entries;
        l1Offset = offset;
        writeL1At(offset);
        l1Dirty = false;
    }

    /** Records that the header on the disk now points to the L1 table and every table it lists. */
    void settle() {
        cache.settle();
    }

    /**
     * Adds a table copy at a newly allocated cluster (fresh: nothing on the disk points to it).
     *
     * @param offset its cluster
     * @param words its entries
     */
    void adopt(long offset, long[] words) {
        cache.create(offset, words);
    }

    private void writeL1At(long offset) {
        if (l1.length == 0) {
            return;
        }
        ByteBuffer bb = ByteBuffer.allocate(l1.length * 8);
        bb.asLongBuffer().put(l1);
        io.write(offset, bb.array(), 0, bb.capacity());
    }

    /** Drops a table from the cache without writing it (it is being freed). */
    void forget(long offset) {
        cache.forget(offset);
    }

    /** @return the L2 table words at a host offset (for traversals) */
    long[] table(long offset, long l1Index) {
        return cache.get(offset, l1Index).words;
    }
}
