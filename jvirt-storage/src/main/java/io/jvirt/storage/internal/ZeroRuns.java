package io.jvirt.storage.internal;

import java.io.IOException;
import java.util.Arrays;

/** Splits a buffer into alternating runs of data and of zero blocks (vectorized compare). */
final class ZeroRuns {

    /** Zero detection granularity: the usual file system block. */
    static final int BLOCK = 4096;
    private static final byte[] ZERO = new byte[BLOCK];

    private ZeroRuns() {
    }

    /** Receives one run. */
    @FunctionalInterface
    interface Run {
        void accept(int off, int len, boolean zero) throws IOException;
    }

    /**
     * Walks {@code buf[0, len)} in blocks aligned to {@code base} (the file offset of
     * {@code buf[0]}), reporting maximal runs of all-zero and of data blocks.
     *
     * @param buf the bytes
     * @param len how many are valid
     * @param base the file offset of buf[0], so blocks align with the file's blocks
     * @param run the receiver
     * @throws IOException from the receiver
     */
    static void split(byte[] buf, int len, long base, Run run) throws IOException {
        split(buf, 0, len, base, run);
    }

    /**
     * Walks {@code buf[from, to)} in blocks aligned to the file offset {@code base} of
     * {@code buf[from]}, reporting maximal runs of all-zero and of data blocks; offsets given to
     * the receiver are indexes into {@code buf}.
     *
     * @param buf the bytes
     * @param from the first index
     * @param to the end index (exclusive)
     * @param base the file offset of buf[from]
     * @param run the receiver
     * @throws IOException from the receiver
     */
    static void split(byte[] buf, int from, int to, long base, Run run) throws IOException {
        int i = from;
        int runStart = from;
        boolean runZero = false;
        boolean first = true;
        while (i < to) {
            int next = (int) Math.min(to, from + ((base + i - from) / BLOCK * BLOCK + BLOCK - base));
            boolean z = Arrays.mismatch(buf, i, next, ZERO, 0, next - i) < 0;
            if (first) {
                runZero = z;
                first = false;
            } else if (z != runZero) {
                run.accept(runStart, i - runStart, runZero);
                runStart = i;
                runZero = z;
            }
            i = next;
        }
        if (!first) {
            run.accept(runStart, to - runStart, runZero);
        }
    }
}
