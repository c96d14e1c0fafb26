package io.jvirt.image.internal;

import java.util.Arrays;

/** Fast all-zero tests on byte ranges (vectorized through {@link Arrays#mismatch}). */
public final class Zeroes {

    private static final byte[] ZERO = new byte[65536];

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
}
