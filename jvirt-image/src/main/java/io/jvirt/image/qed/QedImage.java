package io.jvirt.image.qed;

import io.jvirt.image.Extent;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.LruCache;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A QED image, read-only. The L1 entries the disk needs are held in memory; L2 tables are read
 * on demand into a small cache. An L2 entry of 0 is unallocated (the backing file, or zeros), 1
 * a zero cluster, and anything else the file offset of a data cluster, which must be cluster
 * aligned, past the header and inside the file. A table or cluster that fails these checks is
 * reported when it is first read.
 */
public final class QedImage extends AbstractForeignImage {

    /** Largest L2 table read into memory. */
    static final long MAX_TABLE = 32L << 20;
    private static final int CACHED_TABLES = 8;

    private final QedHeader header;
    private final long[] l1;
    private final LruCache<long[]> tables = new LruCache<>(CACHED_TABLES);

    private QedImage(ImageFile file, QedHeader header, long[] l1) {
        super(file, header.size());
        this.header = header;
        this.l1 = l1;
    }

    /**
     * Opens a file that starts with the magic {@code QED\0}. On failure the file is left open for
     * the caller.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws io.jvirt.image.ImageException if the image is malformed or uses unsupported features
     */
    public static QedImage open(ImageFile file) {
        ImageFile f = file.as("QED");
        QedHeader h = QedHeader.read(f);
        if (h.tableBytes() > MAX_TABLE) {
            throw f.limit("its tables of " + h.tableBytes() + " bytes exceed the " + MAX_TABLE + " bytes jvirt reads");
        }
        int used = (int) ((h.size() + h.l2Coverage() - 1) / h.l2Coverage());
        long[] l1 = new long[used];
        f.read(h.l1Offset(), used * 8, ByteOrder.LITTLE_ENDIAN, "the L1 table").asLongBuffer().get(l1);
        return new QedImage(f, h, l1);
    }

    @Override
    public String format() {
        return "qed";
    }

    @Override
    public String subformat() {
        return "";
    }

    @Override
    public int clusterSize() {
        return header.clusterSize();
    }

    @Override
    public Optional<BackingFile> backingFile() {
        return Optional.ofNullable(header.backingFile())
                .map(n -> new BackingFile(n, header.backingRaw() ? "raw" : null));
    }

    /** @return whether the image was not closed cleanly (QEMU's need-check bit) */
    public boolean needsCheck() {
        return (header.features() & QedHeader.NEED_CHECK) != 0;
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        Extent run = runAt(offset);
        int n = (int) Math.min(len, run.end() - offset);
        if (run.type() == Extent.Type.DATA) {
            file.readFully(run.hostOffset(), buf, off, n, "the data cluster at guest offset " + offset);
        } else {
            zero(buf, off, n);
        }
        return n;
    }

    @Override
    protected Extent runAt(long offset) {
        int cluster = header.clusterSize();
        long clusterEnd = (offset / cluster + 1) * cluster;
        int l1Index = (int) (offset / header.l2Coverage());
        long tableAt = l1[l1Index];
        if (tableAt == 0) {
            long end = (l1Index + 1) * header.l2Coverage();
            return hole(offset, end - offset, Extent.Type.UNALLOCATED);
        }
        long[] table = tables.get(l1Index, i -> loadTable(i, tableAt));
        long entry = table[(int) (offset % header.l2Coverage() / cluster)];
        if (entry == 0) {
            return hole(offset, clusterEnd - offset, Extent.Type.UNALLOCATED);
        }
        if (entry == 1) {
            return hole(offset, clusterEnd - offset, Extent.Type.ZERO);
        }
        if (!clusterValid(entry)) {
            throw file.corrupt("the L2 table at offset " + tableAt + " maps guest offset " + offset
                    + " to the impossible cluster offset " + Long.toUnsignedString(entry));
        }
        return data(offset, clusterEnd - offset, entry + offset % cluster);
    }

    private long[] loadTable(long index, long at) {
        long last = at + (header.tableClusters() - 1L) * header.clusterSize();
        if (!clusterValid(at) || last < at || !clusterValid(last)) {
            throw file.corrupt("L1 entry " + index + " points to the impossible L2 table offset "
                    + Long.toUnsignedString(at));
        }
        long[] table = new long[(int) header.tableEntries()];
        file.read(at, (int) header.tableBytes(), ByteOrder.LITTLE_ENDIAN, "the L2 table at offset " + at)
                .asLongBuffer().get(table);
        return table;
    }

    private boolean clusterValid(long offset) {
        int cluster = header.clusterSize();
        return offset % cluster == 0 && offset >= header.headerClusters() * cluster
                && offset < QedHeader.usableEnd(file, cluster);
    }
}
