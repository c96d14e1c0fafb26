package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A bounded LRU cache of L2 tables keyed by host offset. Tables are kept as raw 64-bit words
 * (two per entry with extended L2). Modified tables are written back on eviction and when the
 * owner asks ({@link #writeAll}).
 *
 * <p>A table is <em>fresh</em> while no L1 entry on the disk points to it (it was allocated, or
 * copied on write, since the L1 table was last written): writing it changes nothing a crash
 * could see, so it may be written at any time. Writing any other table changes live metadata
 * in place, so its new entries must not reach the disk before the refcounts (and data) they
 * depend on: before such a write on eviction the cache runs the owner's barrier (refcount
 * increments written and synced), then writes every modified table at once, so that one
 * barrier serves a whole cache of evictions.
 */
final class L2Cache {

    /** Default capacity in bytes of tables. */
    static final long DEFAULT_BYTES = 32L << 20;

    private final FileIo io;
    private final Path path;
    private final int cs;
    private final int capacity;
    private final Runnable barrier;
    private final Map<Long, Table> tables = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<Long> fresh = new HashSet<>();

    /** One cached table. */
    static final class Table {
        final long offset;
        final long[] words;
        boolean dirty;

        Table(long offset, long[] words) {
            this.offset = offset;
            this.words = words;
        }
    }

    /**
     * @param io the file
     * @param clusterSize cluster size
     * @param capacityBytes capacity (at least four tables are kept)
     * @param barrier makes the refcount increments durable before a table is written in place
     */
    L2Cache(FileIo io, int clusterSize, long capacityBytes, Runnable barrier) {
        this.io = io;
        this.path = io.path();
        this.cs = clusterSize;
        this.capacity = (int) Math.max(4, capacityBytes / clusterSize);
        this.barrier = barrier;
    }

    /**
     * Returns the table at a host offset, reading it if needed.
     *
     * @param offset host offset (cluster aligned, inside the file)
     * @param l1Index L1 index, for messages
     * @return the table
     */
    Table get(long offset, long l1Index) {
        Table t = tables.get(offset);
        if (t != null) {
            return t;
        }
        if ((offset & (cs - 1)) != 0) {
            throw new ImageException(ImageException.Kind.CORRUPT, path, "L1 entry " + l1Index + " of image " + path
                    + " points to offset " + offset + ", which is not cluster aligned.");
        }
        if (offset < cs || offset + cs > io.size()) {
            throw new ImageException(ImageException.Kind.CORRUPT, path, "L1 entry " + l1Index + " of image " + path
                    + " points to offset " + offset + ", outside the file's " + io.size() + " bytes.");
        }
        byte[] raw = new byte[cs];
        io.readFully(offset, raw, 0, cs, "L2 table");
        long[] words = new long[cs / 8];
        ByteBuffer.wrap(raw).asLongBuffer().get(words);
        t = new Table(offset, words);
        put(t);
        return t;
    }

    /**
     * Adds a freshly allocated table (no L1 entry on the disk points to it yet).
     *
     * @param offset host offset
     * @param words contents
     * @return the table, marked dirty
     */
    Table create(long offset, long[] words) {
        Table t = new Table(offset, words);
        t.dirty = true;
        fresh.add(offset);
        put(t);
        return t;
    }

    private void put(Table t) {
        tables.put(t.offset, t);
        if (tables.size() > capacity) {
            Iterator<Table> it = tables.values().iterator();
            Table eldest = it.next();
            if (eldest.dirty && !fresh.contains(eldest.offset)) {
                barrier.run();
                writeAll();
            } else {
                writeBack(eldest);
            }
            tables.remove(eldest.offset);
        }
    }

    /** Drops a table (after it was freed), without writing it. */
    void forget(long offset) {
        tables.remove(offset);
        fresh.remove(offset);
    }

    /**
     * Writes every modified table. Tables that are not fresh change live metadata: the
     * caller makes their dependencies durable first.
     *
     * @return whether anything was written
     */
    boolean writeAll() {
        boolean any = false;
        for (Table t : tables.values()) {
            any |= writeBack(t);
        }
        return any;
    }

    /** Records that the L1 table now on the disk points to every table written so far. */
    void settle() {
        fresh.clear();
    }

    private boolean writeBack(Table t) {
        if (!t.dirty) {
            return false;
        }
        ByteBuffer bb = ByteBuffer.allocate(cs);
        bb.asLongBuffer().put(t.words);
        io.write(t.offset, bb.array(), 0, cs);
        t.dirty = false;
        return true;
    }
}
