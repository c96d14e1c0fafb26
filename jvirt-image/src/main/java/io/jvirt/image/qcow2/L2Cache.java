package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU cache of L2 tables keyed by host offset. Tables are kept as raw 64-bit words
 * (two per entry with extended L2). Modified tables are written back on eviction and flush.
 */
final class L2Cache {

    /** Default capacity in bytes of tables. */
    static final long DEFAULT_BYTES = 32L << 20;

    private final FileIo io;
    private final Path path;
    private final int cs;
    private final int capacity;
    private final Map<Long, Table> tables = new LinkedHashMap<>(64, 0.75f, true);

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

    L2Cache(FileIo io, int clusterSize, long capacityBytes) {
        this.io = io;
        this.path = io.path();
        this.cs = clusterSize;
        this.capacity = (int) Math.max(4, capacityBytes / clusterSize);
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
     * Adds a freshly allocated table.
     *
     * @param offset host offset
     * @param words contents
     * @return the table, marked dirty
     */
    Table create(long offset, long[] words) {
        Table t = new Table(offset, words);
        t.dirty = true;
        put(t);
        return t;
    }

    private void put(Table t) {
        tables.put(t.offset, t);
        if (tables.size() > capacity) {
            Iterator<Table> it = tables.values().iterator();
            Table eldest = it.next();
            writeBack(eldest);
            it.remove();
        }
    }

    /** Drops a table (after it was freed), without writing it. */
    void forget(long offset) {
        tables.remove(offset);
    }

    /** Writes every modified table. */
    void flush() {
        for (Table t : tables.values()) {
            writeBack(t);
        }
    }

    private void writeBack(Table t) {
        if (!t.dirty) {
            return;
        }
        ByteBuffer bb = ByteBuffer.allocate(cs);
        bb.asLongBuffer().put(t.words);
        io.write(t.offset, bb.array(), 0, cs);
        t.dirty = false;
    }
}
