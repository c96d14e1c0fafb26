package io.jvirt.image.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Fast all-zero tests on byte ranges (vectorized through {@link Arrays#mismatch}). */
public final class Zeroes {

    private static final byte[] ZERO = new byte[65536];
    private static final ByteBuffer ZERO_DIRECT = ByteBuffer.allocateDirect(ZERO.length).asReadOnlyBuffer();

    private Zeroes() {
    }

    /**
     * Tests whether a range holds only zero bytes.
     *
     * @param b array
     * @param off start
     * @param len length
     * @return true when every byte is zero
     */
    public static boolean isZero(byte[] b, int off, int len) {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = Math.min(ZERO.length, end - pos);
            if (Arrays.mismatch(b, pos, pos + n, ZERO, 0, n) >= 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }

    /**
     * Tests whether a range of a buffer (heap or direct) holds only zero bytes.
     *
     * @param b the buffer; its position and limit are left alone
     * @param off the first byte's index
     * @param len length
     * @return true when every byte is zero
     */
    public static boolean isZero(ByteBuffer b, int off, int len) {
        if (b.hasArray()) {
            return isZero(b.array(), b.arrayOffset() + off, len);
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = Math.min(ZERO.length, end - pos);
            if (b.slice(pos, n).mismatch(ZERO_DIRECT.slice(0, n)) >= 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }
}
