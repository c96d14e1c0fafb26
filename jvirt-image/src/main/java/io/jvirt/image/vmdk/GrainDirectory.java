package io.jvirt.image.vmdk;

import io.jvirt.image.foreign.ImageFile;
import io.jvirt.image.foreign.Layout;
import io.jvirt.image.foreign.LruCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The two-level grain map of a sparse extent: the grain directory, held in memory, and the
 * grain tables it points to, loaded on demand into a small cache. The directory and the
 * tables are checked at open to lie inside the file and not to overlap.
 */
final class GrainDirectory {

    /** Largest number of grain tables accepted (a 64 MiB directory). */
    static final long MAX_TABLES = 1L << 24;
    private static final int CACHED_TABLES = 64;

    private final ImageFile file;
    private final SparseHeader header;
    /** Sector of each grain table as stored (unsigned), 0 where the table is absent. */
    private final int[] tableSectors;
    private final LruCache<int[]> tables = new LruCache<>(CACHED_TABLES);

    private GrainDirectory(ImageFile file, SparseHeader header, int[] tableSectors) {
        this.file = file;
        this.header = header;
        this.tableSectors = tableSectors;
    }

    /**
     * Loads and validates the grain directory.
     *
     * @param file       the image
     * @param header     the validated header (or footer) that locates the directory
     * @param descriptor the byte range of the embedded descriptor, for the overlap check
     */
    static GrainDirectory load(ImageFile file, SparseHeader header, Layout.Region descriptor) {
        long entries = header.gdEntries();
        if (entries > MAX_TABLES) {
            throw file.limit("the grain directory would need " + entries + " entries, more than the limit of "
                    + MAX_TABLES);
        }
        long gdStart = header.gdOffset() * 512;
        int gdBytes = Math.toIntExact(entries * 4);
        file.require(gdStart, gdBytes, "the grain directory");
        ByteBuffer gd = file.read(gdStart, gdBytes, ByteOrder.LITTLE_ENDIAN, "the grain directory");
        int[] sectors = new int[(int) entries];
        gd.asIntBuffer().get(sectors);
        int allocated = 0;
        long tableBytes = header.gtesPerGt() * 4L;
        for (int i = 0; i < entries; i++) {
            if (sectors[i] != 0) {
                file.require(Integer.toUnsignedLong(sectors[i]) * 512, tableBytes, "grain table " + i);
                allocated++;
            }
        }
        long[] starts = new long[allocated];
        int n = 0;
        for (int sector : sectors) {
            if (sector != 0) {
                starts[n++] = Integer.toUnsignedLong(sector) * 512;
            }
        }
        Layout.requireDisjoint(file, List.of(
                new Layout.Region(0, SparseHeader.SIZE, "the header"),
                new Layout.Region(gdStart, gdBytes, "the grain directory"),
                descriptor), starts, tableBytes, "grain table");
        return new GrainDirectory(file, header, sectors);
    }

    /** Reports whether grain table {@code table} exists; a missing table maps only holes. */
    boolean hasTable(long table) {
        return tableSectors[(int) table] != 0;
    }

    /**
     * Returns the grain table entry of guest grain {@code grain}: 0 for a hole, 1 for a
     * zeroed grain when the image uses them, otherwise the grain's sector in the file.
     */
    long entry(long grain) {
        long table = grain / header.gtesPerGt();
        if (!hasTable(table)) {
            return 0;
        }
        int[] entries = tables.get(table, this::loadTable);
        return Integer.toUnsignedLong(entries[(int) (grain % header.gtesPerGt())]);
    }

    private int[] loadTable(long table) {
        int count = header.gtesPerGt();
        String what = "grain table " + table;
        long start = Integer.toUnsignedLong(tableSectors[(int) table]) * 512;
        ByteBuffer b = file.read(start, count * 4, ByteOrder.LITTLE_ENDIAN, what);
        int[] entries = new int[count];
        b.asIntBuffer().get(entries);
        return entries;
    }
}
