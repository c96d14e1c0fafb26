package io.jvirt.image.vhdx;

import io.jvirt.image.foreign.Layout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The region table (at 192 KiB, copy at 256 KiB): where the BAT and the metadata region lie.
 * A table is valid with signature {@code regi}, a matching CRC-32C over its 64 KiB and at most
 * 2047 entries; the first copy is used, the second when the first is damaged. Each known region
 * must appear once, every region must be 1 MiB aligned past the header section, lie inside the
 * file and overlap neither another region nor the log, and a required region of an unknown
 * kind makes the file unreadable, as the specification demands.
 *
 * @param batOffset offset of the BAT
 * @param batLength length of the BAT in bytes
 * @param metadataOffset offset of the metadata region
 * @param metadataLength length of the metadata region in bytes
 * @param regions every region and the log, for overlap checks with the blocks
 */
record RegionTable(long batOffset, long batLength, long metadataOffset, long metadataLength,
        List<Layout.Region> regions) {

    private static final int SIZE = 64 * 1024;
    private static final int SIGNATURE = 0x69676572;
    private static final int MAX_ENTRIES = 2047;
    private static final Guid BAT = Guid.parse("2DC27766-F623-4200-9D64-115E9BFD4A08");
    private static final Guid METADATA = Guid.parse("8B7CA206-4790-4B9A-B8FE-575F050F886E");

    /** Defensive copy. */
    RegionTable {
        regions = List.copyOf(regions);
    }

    /**
     * Reads the table.
     *
     * @param f the image after its log replay
     * @param header the current header, for the log's place
     * @return the regions
     */
    static RegionTable read(ReplayedFile f, VhdxHeader header) {
        ByteBuffer table = f.read(3 * SIZE, SIZE, "the region table");
        if (!valid(table)) {
            ByteBuffer copy = f.read(4 * SIZE, SIZE, "the second region table");
            if (!valid(copy)) {
                throw f.file().corrupt("neither region table (at 192 KiB and 256 KiB) is valid (signature 'regi', at"
                        + " most 2047 entries and a matching CRC-32C checksum)");
            }
            table = copy;
        }
        int count = table.getInt(8);
        List<Layout.Region> regions = new ArrayList<>();
        if (header.logLength() > 0) {
            regions.add(new Layout.Region(header.logOffset(), header.logLength(), "the log"));
        }
        long[] bat = null;
        long[] metadata = null;
        for (int i = 0; i < count; i++) {
            int at = 16 + i * 32;
            Guid guid = Guid.at(table, at);
            long offset = table.getLong(at + 16);
            long length = Integer.toUnsignedLong(table.getInt(at + 24));
            boolean required = (table.getInt(at + 28) & 1) != 0;
            String name = guid.equals(BAT) ? "the BAT region" : guid.equals(METADATA) ? "the metadata region"
                    : "region " + guid;
            if (offset < VhdxHeader.SECTION || offset % VhdxHeader.MB != 0) {
                throw f.file().corrupt(name + " lies at offset " + offset
                        + ", which is not a multiple of 1 MiB past the header section");
            }
            f.require(offset, length, name);
            for (Layout.Region r : regions) {
                if (offset < r.start() + r.length() && r.start() < offset + length) {
                    throw f.file().corrupt(name + " at offset " + offset + " overlaps " + r.what() + " at offset "
                            + r.start());
                }
            }
            regions.add(new Layout.Region(offset, length, name));
            if (guid.equals(BAT) || guid.equals(METADATA)) {
                if ((guid.equals(BAT) ? bat : metadata) != null) {
                    throw f.file().corrupt("the region table lists " + name + " twice");
                }
                long[] place = {offset, length};
                if (guid.equals(BAT)) {
                    bat = place;
                } else {
                    metadata = place;
                }
            } else if (required) {
                throw f.file().unsupported("the region table lists the required region " + guid
                        + ", which this reader does not know");
            }
        }
        if (bat == null || metadata == null) {
            throw f.file().corrupt("the region table lacks "
                    + (bat == null ? "the BAT region" : "the metadata region"));
        }
        return new RegionTable(bat[0], bat[1], metadata[0], metadata[1], regions);
    }

    private static boolean valid(ByteBuffer table) {
        return table.getInt(0) == SIGNATURE && Integer.compareUnsigned(table.getInt(8), MAX_ENTRIES) <= 0
                && Crc.valid(table.array(), 4);
    }
}
