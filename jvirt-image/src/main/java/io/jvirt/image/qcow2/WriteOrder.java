package io.jvirt.image.qcow2;

import io.jvirt.image.internal.FileIo;

/**
 * The order in which the metadata of a writable {@link Qcow2Image} reaches the disk, so that a
 * crash at any point leaves at worst leaked clusters: a reference is written only after what it
 * points to is durable, and a refcount drops only after the reference it counted is gone from
 * the disk. Writes that share one fsync epoch may reach the disk in any order, so the order is
 * kept by fsync barriers between the steps of {@link #flush}:
 * <ol>
 * <li>refcount blocks with every increment but no held decrement, new blocks, a grown refcount
 *     table at its new place; the file extended over every allocation; fsync (the data written
 *     since the last fsync goes with it); then the table entries or header that list new
 *     blocks, fsync;</li>
 * <li>modified L2 tables, fsync;</li>
 * <li>the L1 table and the header, fsync;</li>
 * <li>refcount blocks with the held decrements, fsync.</li>
 * </ol>
 * A step with nothing to write costs nothing. Step 1 is also the barrier the L2 cache runs
 * before it writes a live table in place ({@link L2Cache}). Structural changes that must flip
 * COPIED flags and refcounts together (snapshot operations) do not write in place at all: they
 * commit with one header write ({@link #commitShadow}).
 *
 * <p>It keeps the header as last written ({@code onDisk}) apart from the image's current one,
 * so that a header written early (a moved refcount table, the dirty bit) carries nothing whose
 * dependencies are not durable yet.
 */
final class WriteOrder {

    private final Qcow2Image img;
    private Qcow2Header onDisk;
    private boolean shadow;

    /**
     * @param img the image (its header, map and refcounts are read when a step runs)
     * @param onDisk the header as it is on the disk
     */
    WriteOrder(Qcow2Image img, Qcow2Header onDisk) {
        this.img = img;
        this.onDisk = onDisk;
    }

    /** Steps 1 to 4: every write so far is durable when this returns. */
    void flush() {
        writeCaches();
        io().syncIfWritten();
        if (img.refs.writeDecrements()) {
            io().sync();
        }
    }

    /**
     * Steps 1 to 3 with the fsyncs the order needs between them, but without the last fsync and
     * without the held decrements: other readers of the file see the current state, and a crash
     * leaves a consistent image that may lack the latest changes.
     */
    void writeCaches() {
        barrier();
        img.map.writeTables();
        if (img.map.l1Dirty() || img.header != onDisk) {
            io().syncIfWritten();
            img.map.writeL1();
            if (img.header != onDisk) {
                publish(img.header);
            }
        }
    }

    /** Step 1: refcount increments, and the data written with them, become durable. */
    void barrier() {
        if (shadow) {
            throw new IllegalStateException("metadata written in place during a shadow commit of " + io().path());
        }
        RefcountStore refs = img.refs;
        if (!refs.hasUnwrittenIncrements()) {
            return;
        }
        RefcountStore.TableUpdate update = refs.writeIncrements();
        extendFile();
        io().sync();
        switch (update) {
            case NONE -> { }
            case IN_PLACE -> {
                refs.writeTableInPlace();
                io().sync();
            }
            case MOVED -> {
                boolean same = img.header == onDisk;
                publish(onDisk.withRefcountTable(refs.tableOffset(), refs.tableClusters()));
                img.header = same ? onDisk : img.header.withRefcountTable(refs.tableOffset(), refs.tableClusters());
                refs.tablePublished();
                io().sync();
            }
        }
    }

    /**
     * Writes a change of the incompatible bits (the dirty bit) at once, without whatever else
     * the current header still awaits.
     *
     * @param bits new incompatible bits
     */
    void setIncompatibleNow(long bits) {
        boolean same = img.header == onDisk;
        publish(onDisk.withIncompatible(bits));
        img.header = same ? onDisk : img.header.withIncompatible(bits);
    }

    /**
     * Starts a structural change that {@link #commitShadow} commits: what the caches hold is
     * handed out in order first, and from here on nothing may be written in place (a failed
     * operation leaves the file as it was; closing the image then writes nothing more).
     */
    void beginShadow() {
        writeCaches();
        shadow = true;
    }

    /** @return whether a structural change is under way (or failed half-way) */
    boolean inShadow() {
        return shadow;
    }

    /**
     * Commits a structural change in one header write. Everything the new header points to was
     * written where nothing on the disk refers to yet: changed L2 tables as fresh copies, the L1
     * table and snapshot table at new places; here the refcount structure is written the same
     * way and synced, then the header switches the image from the old state to the new one at
     * once (L1, refcount and snapshot table fields all lie in its first sector), and is synced.
     *
     * @param next the new header (its refcount table fields are filled in here)
     */
    void commitShadow(Qcow2Header next) {
        img.map.writeTables();
        RefcountStore.Relocation r = img.refs.relocateAll();
        extendFile();
        io().sync();
        img.header = next.withRefcountTable(r.tableOffset(), r.tableClusters());
        publish(img.header);
        io().sync();
        img.map.settle();
        shadow = false;
    }

    private void publish(Qcow2Header h) {
        byte[] b = h.encode();
        io().write(0, b, 0, b.length);
        onDisk = h;
    }

    private void extendFile() {
        long end = img.refs.endCluster() << img.header.clusterBits();
        if (io().size() < end) {
            io().truncate(end);
        }
    }

    private FileIo io() {
        return img.io();
    }
}
