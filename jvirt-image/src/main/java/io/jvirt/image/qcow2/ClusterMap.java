package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Guest-to-host mapping of one L1 table: L1 entries in memory, L2 tables through the cache,
 * copy-on-write of shared L2 tables, and refcount release of replaced entries.
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
        this(io, h, l1, l1Offset, refs, L2Cache.DEFAULT_BYTES);
    }

    ClusterMap(FileIo io, Qcow2Header h, long[] l1, long l1Offset, RefcountStore refs, long cacheBytes) {
        this.io = io;
        this.path = io.path();
        this.cb = h.clusterBits();
        this.cs = h.clusterSize();
        this.ext = h.extendedL2();
        this.l2Bits = cb - (ext ? 4 : 3);
        this.cache = new L2Cache(io, cs, cacheBytes);
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

    /** Writes modified L2 tables and the L1 table. */
    void flush() {
        cache.flush();
        if (l1Dirty) {
            ByteBuffer bb = ByteBuffer.allocate(l1.length * 8);
            bb.asLongBuffer().put(l1);
            io.write(l1Offset, bb.array(), 0, bb.capacity());
            l1Dirty = false;
        }
    }

    /** Drops cached tables (after their content changed on disk behind the cache). */
    void forget(long offset) {
        cache.forget(offset);
    }

    /** @return the L2 table words at a host offset (for traversals) */
    long[] table(long offset, long l1Index) {
        return cache.get(offset, l1Index).words;
    }

    /** Marks a table as modified after direct changes to its words. */
    void touch(long offset, long l1Index) {
        cache.get(offset, l1Index).dirty = true;
    }
}
