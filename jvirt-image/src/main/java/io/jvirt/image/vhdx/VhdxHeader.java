package io.jvirt.image.vhdx;

import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The current one of the two VHDX headers (at 64 KiB and 128 KiB): valid means signature
 * {@code head}, version 1 and a matching CRC-32C over its 4 KiB; of two valid headers the one
 * with the higher sequence number is current. Two valid headers with the same sequence number
 * must be identical (Disk2VHD writes such pairs).
 *
 * @param sequence the sequence number
 * @param dataWriteGuid identifies the guest-visible contents (a differencing child names it)
 * @param logGuid the log's identifier; zero when the log is empty
 * @param logVersion the log format, which must be 0 when a log is present
 * @param logLength the log's length in bytes
 * @param logOffset the log's offset in the file
 */
record VhdxHeader(long sequence, Guid dataWriteGuid, Guid logGuid, int logVersion, long logLength, long logOffset) {

    /** Size of the checksummed header structure. */
    static final int SIZE = 4096;
    /** The header section (identifier, two headers, two region tables) is the first 1 MiB. */
    static final long SECTION = 1 << 20;
    /** 1 MiB, the alignment of every structure after the header section. */
    static final long MB = 1 << 20;

    private static final int SIGNATURE = 0x64616568;
    private static final int COMPARED = 80;

    /**
     * Reads both headers and returns the current one.
     *
     * @param f the image
     * @return the current header
     * @throws io.jvirt.image.ImageException if neither header is valid, or two valid headers share
     *     a sequence number but differ
     */
    static VhdxHeader current(ImageFile f) {
        f.require(0, SECTION, "the header section");
        byte[] first = f.read(64 * 1024, SIZE, ByteOrder.LITTLE_ENDIAN, "the first header").array();
        byte[] second = f.read(128 * 1024, SIZE, ByteOrder.LITTLE_ENDIAN, "the second header").array();
        boolean firstValid = valid(first);
        boolean secondValid = valid(second);
        byte[] chosen;
        if (firstValid && secondValid) {
            long a = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
            long b = ByteBuffer.wrap(second).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
            int order = Long.compareUnsigned(a, b);
            if (order == 0 && !Arrays.equals(first, 0, COMPARED, second, 0, COMPARED)) {
                throw f.corrupt("both headers carry the sequence number " + Long.toUnsignedString(a)
                        + " but differ, so neither is current");
            }
            chosen = order >= 0 ? first : second;
        } else if (firstValid || secondValid) {
            chosen = firstValid ? first : second;
        } else {
            throw f.corrupt("neither header at 64 KiB nor at 128 KiB is valid (signature 'head', version 1 and a"
                    + " matching CRC-32C checksum)");
        }
        ByteBuffer h = ByteBuffer.wrap(chosen).order(ByteOrder.LITTLE_ENDIAN);
        return new VhdxHeader(h.getLong(8), Guid.at(h, 32), Guid.at(h, 48), Short.toUnsignedInt(h.getShort(64)),
                Integer.toUnsignedLong(h.getInt(68)), h.getLong(72));
    }

    private static boolean valid(byte[] header) {
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return h.getInt(0) == SIGNATURE && h.getShort(66) == 1 && Crc.valid(header, 4);
    }
}
