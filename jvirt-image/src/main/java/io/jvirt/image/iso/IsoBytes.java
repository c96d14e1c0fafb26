package io.jvirt.image.iso;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Field encodings of ISO 9660 (both-endian numbers, dates, padded strings). Pure. */
final class IsoBytes {
    static final int SECTOR = 2048;

    private IsoBytes() {
    }

    static void both16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) v).put(off + 1, (byte) (v >>> 8)).put(off + 2, (byte) (v >>> 8)).put(off + 3, (byte) v);
    }

    static void both32(ByteBuffer b, int off, long v) {
        le32(b, off, v);
        be32(b, off + 4, v);
    }

    static void le32(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b.put(off + i, (byte) (v >>> (8 * i)));
        }
    }

    static void be32(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b.put(off + 3 - i, (byte) (v >>> (8 * i)));
        }
    }

    static void le16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) v).put(off + 1, (byte) (v >>> 8));
    }

    static void be16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) (v >>> 8)).put(off + 1, (byte) v);
    }

    /** A string in ASCII padded with spaces to {@code len} bytes. */
    static void ascii(ByteBuffer b, int off, int len, String s) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < len; i++) {
            b.put(off + i, i < a.length ? a[i] : (byte) ' ');
        }
    }

    /** A string in UCS-2 big endian padded with UCS-2 spaces to {@code len} bytes. */
    static void ucs2(ByteBuffer b, int off, int len, String s) {
        for (int i = 0; i + 1 < len; i += 2) {
            char c = i / 2 < s.length() ? s.charAt(i / 2) : ' ';
            b.put(off + i, (byte) (c >>> 8)).put(off + i + 1, (byte) c);
        }
    }

    static byte[] ucs2(String s) {
        return s.getBytes(StandardCharsets.UTF_16BE);
    }

    /** The 7-byte time of a directory record (UTC). */
    static void recordTime(ByteBuffer b, int off, Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        b.put(off, (byte) (z.getYear() - 1900)).put(off + 1, (byte) z.getMonthValue())
                .put(off + 2, (byte) z.getDayOfMonth()).put(off + 3, (byte) z.getHour())
                .put(off + 4, (byte) z.getMinute()).put(off + 5, (byte) z.getSecond()).put(off + 6, (byte) 0);
    }

    /** The 17-byte time of a volume descriptor (UTC); null writes "not specified". */
    static void volumeTime(ByteBuffer b, int off, Instant t) {
        String s = t == null ? "0000000000000000" : String.format("%1$tY%1$tm%1$td%1$tH%1$tM%1$tS%2$02d",
                t.atZone(ZoneOffset.UTC), t.atZone(ZoneOffset.UTC).getNano() / 10_000_000);
        ascii(b, off, 16, s);
        b.put(off + 16, (byte) 0);
    }

    static int sectors(long bytes) {
        return (int) ((bytes + SECTOR - 1) / SECTOR);
    }
}
