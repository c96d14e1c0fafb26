package io.jvirt.image.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Test-side knowledge of a VHDX file's bytes: where its structures lie, how to fix their
 * checksums after an edit, and how to append a log sequence the way a writer crashed before
 * applying it would leave it. Written from the specification (MS-VHDX), independently of the
 * reader under test.
 */
final class VhdxBytes {

    static final int HEADER1 = 64 * 1024;
    static final int HEADER2 = 128 * 1024;
    static final int REGIONS = 192 * 1024;
    static final int REGIONS2 = 256 * 1024;

    /**
     * Where the structures of a file lie.
     *
     * @param header offset of the current header
     * @param logOffset offset of the log
     * @param logLength length of the log
     * @param bat offset of the BAT
     * @param metadata offset of the metadata region
     */
    record Places(int header, long logOffset, long logLength, long bat, long metadata) {
    }

    private VhdxBytes() {
    }

    static ByteBuffer le(byte[] image) {
        return ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads the places from an intact file. */
    static Places places(byte[] image) {
        ByteBuffer b = le(image);
        int header = Long.compareUnsigned(b.getLong(HEADER1 + 8), b.getLong(HEADER2 + 8)) >= 0 ? HEADER1 : HEADER2;
        long bat = -1;
        long metadata = -1;
        for (int i = 0; i < b.getInt(REGIONS + 8); i++) {
            int at = REGIONS + 16 + i * 32;
            long first = b.getInt(at);
            if (first == 0x2dc27766) {
                bat = b.getLong(at + 16);
            } else if (first == 0x8b7ca206) {
                metadata = b.getLong(at + 16);
            }
        }
        return new Places(header, b.getLong(header + 72), Integer.toUnsignedLong(b.getInt(header + 68)), bat,
                metadata);
    }

    /** Recomputes the CRC-32C of the structure at {@code at} of {@code length} bytes (checksum at +4). */
    static void fixChecksum(byte[] image, int at, int length) {
        ByteBuffer b = le(image);
        b.putInt(at + 4, 0);
        CRC32C crc = new CRC32C();
        crc.update(image, at, length);
        b.putInt(at + 4, (int) crc.getValue());
    }

    /** Fixes both headers' and both region tables' checksums. */
    static void fixChecksums(byte[] image) {
        fixChecksum(image, HEADER1, 4096);
        fixChecksum(image, HEADER2, 4096);
        fixChecksum(image, REGIONS, 64 * 1024);
        fixChecksum(image, REGIONS2, 64 * 1024);
    }

    /**
     * One update a log entry carries: 4 KiB of data for {@code target}, or zeros over
     * {@code zeroLength} bytes when {@code data} is null.
     */
    record Update(long target, byte[] data, long zeroLength) {
        static Update data(long target, byte[] sector) {
            return new Update(target, sector, 0);
        }

        static Update zero(long target, long length) {
            return new Update(target, null, length);
        }
    }

    /**
     * Writes log entries with consecutive sequence numbers from {@code firstSequence} into the log
     * starting at byte {@code at} of the log (wrapping around its end), sets the log GUID of both
     * headers to {@code guid} and fixes their checksums. The last entry's tail names the first.
     *
     * @param image the file
     * @param at where the first entry starts in the log, a multiple of 4 KiB
     * @param firstSequence sequence number of the first entry
     * @param guid the log GUID, 16 bytes
     * @param flushedFileOffset the file size the entries record
     * @param entries the updates of each entry
     */
    static void writeLog(byte[] image, long at, long firstSequence, byte[] guid, long flushedFileOffset,
            List<List<Update>> entries) {
        Places p = places(image);
        long position = at;
        long sequence = firstSequence;
        for (List<Update> updates : entries) {
            byte[] entry = entry(updates, sequence, guid, at, flushedFileOffset);
            for (int s = 0; s < entry.length / 4096; s++) {
                long dst = p.logOffset() + (position + s * 4096L) % p.logLength();
                System.arraycopy(entry, s * 4096, image, (int) dst, 4096);
            }
            position = (position + entry.length) % p.logLength();
            sequence++;
        }
        for (int header : new int[] {HEADER1, HEADER2}) {
            System.arraycopy(guid, 0, image, header + 48, 16);
            fixChecksum(image, header, 4096);
        }
    }

    private static byte[] entry(List<Update> updates, long sequence, byte[] guid, long tail, long flushed) {
        int dataSectors = (int) updates.stream().filter(u -> u.data() != null).count();
        int descriptorSectors = (updates.size() + 2 + 127) / 128;
        byte[] entry = new byte[(descriptorSectors + dataSectors) * 4096];
        ByteBuffer b = le(entry);
        b.putInt(0, 0x65676f6c);
        b.putInt(8, entry.length);
        b.putInt(12, (int) tail);
        b.putLong(16, sequence);
        b.putInt(24, updates.size());
        b.put(32, guid);
        b.putLong(48, flushed);
        b.putLong(56, flushed);
        int descriptor = 64;
        int data = descriptorSectors * 4096;
        for (Update u : updates) {
            if (u.data() == null) {
                b.putInt(descriptor, 0x6f72657a);
                b.putLong(descriptor + 8, u.zeroLength());
            } else {
                b.putInt(descriptor, 0x63736564);
                ByteBuffer d = le(u.data());
                b.putInt(descriptor + 4, d.getInt(4092));
                b.putLong(descriptor + 8, d.getLong(0));
                System.arraycopy(u.data(), 8, entry, data + 8, 4084);
                b.putInt(data, 0x61746164);
                b.putInt(data + 4, (int) (sequence >>> 32));
                b.putInt(data + 4092, (int) sequence);
                data += 4096;
            }
            b.putLong(descriptor + 16, u.target());
            b.putLong(descriptor + 24, sequence);
            descriptor += 32;
        }
        CRC32C crc = new CRC32C();
        crc.update(entry);
        b.putInt(4, (int) crc.getValue());
        return entry;
    }
}
