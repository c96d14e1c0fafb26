package io.jvirt.image.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A GUID as VHDX stores it: 16 bytes whose first three fields are little-endian. Compared
 * byte for byte, as the bytes on disk.
 *
 * @param high the first eight bytes as stored, read big-endian
 * @param low the last eight bytes as stored, read big-endian
 */
record Guid(long high, long low) {

    /** The all-zero GUID: an empty log. */
    static final Guid ZERO = new Guid(0, 0);

    /**
     * Reads the 16 bytes at the buffer's {@code at}.
     *
     * @param b the buffer, any byte order
     * @param at the offset of the first byte
     * @return the GUID
     */
    static Guid at(ByteBuffer b, int at) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new Guid(be.getLong(at), be.getLong(at + 8));
    }

    /**
     * Converts the text form ({@code CAA16737-FA36-4D43-B3B6-33F0AA44E76B}) into the stored form.
     *
     * @param text the GUID in its usual text form, with or without braces
     * @return the GUID, or null when the text is not a GUID
     */
    static Guid parse(String text) {
        String t = text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1) : text;
        if (!t.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        byte[] plain = HexFormat.of().parseHex(t.replace("-", ""));
        ByteBuffer stored = ByteBuffer.allocate(16);
        stored.order(ByteOrder.LITTLE_ENDIAN).putInt(ByteBuffer.wrap(plain, 0, 4).getInt())
                .putShort(ByteBuffer.wrap(plain, 4, 2).getShort()).putShort(ByteBuffer.wrap(plain, 6, 2).getShort());
        stored.put(plain, 8, 8);
        return at(stored, 0);
    }

    /** @return whether every byte is zero */
    boolean isZero() {
        return high == 0 && low == 0;
    }

    /** @return the usual text form, lower case without braces */
    @Override
    public String toString() {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(high).putLong(low);
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        String tail = HexFormat.of().formatHex(b.array(), 8, 16);
        return String.format(Locale.ROOT, "%08x-%04x-%04x-%s-%s", le.getInt(0), le.getShort(4), le.getShort(6),
                tail.substring(0, 4), tail.substring(4));
    }
}
