package io.jvirt.image.internal;

import java.nio.ByteBuffer;

/** Small helpers for the engine's byte buffers (heap or direct). */
public final class Buffers {

    private static final byte[] ZEROES = new byte[65536];

    private Buffers() {
    }

    /**
     * Sets {@code len} bytes of {@code b} from index {@code index} to zero, leaving its position alone.
     *
     * @param b the buffer
     * @param index the first byte
     * @param len how many
     */
    public static void zero(ByteBuffer b, int index, int len) {
        int i = index;
        int end = index + len;
        while (i < end) {
            int n = Math.min(ZEROES.length, end - i);
            b.put(i, ZEROES, 0, n);
            i += n;
        }
    }
}
