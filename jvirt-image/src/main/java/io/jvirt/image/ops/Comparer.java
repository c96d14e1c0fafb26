package io.jvirt.image.ops;

import io.jvirt.image.DiskImage;
import java.util.Arrays;
import java.util.OptionalLong;

/** qemu-img compare: guest contents of two images, through their chains. */
public final class Comparer {

    private static final int CHUNK = 1 << 20;

    private Comparer() {
    }

    /**
     * The outcome of a comparison.
     *
     * @param identical whether the contents match
     * @param sizeMismatch whether strict mode failed on differing sizes
     * @param mismatchOffset first differing offset (512-byte aligned), or -1
     */
    public record Result(boolean identical, boolean sizeMismatch, long mismatchOffset) {
    }

    /**
     * Compares two images.
     *
     * @param a first image
     * @param b second image
     * @param strict whether differing sizes are a mismatch by themselves
     * @param progress progress receiver
     * @return the outcome
     */
    public static Result compare(DiskImage a, DiskImage b, boolean strict, Progress progress) {
        if (strict && a.virtualSize() != b.virtualSize()) {
            return new Result(false, true, -1);
        }
        long common = Math.min(a.virtualSize(), b.virtualSize());
        byte[] ba = new byte[CHUNK];
        byte[] bb = new byte[CHUNK];
        long pos = 0;
        while (pos < common) {
            long limit = Math.min(common, pos + CHUNK);
            ChainStatus sa = ChainStatus.at(a, pos, limit - pos);
            ChainStatus sb = ChainStatus.at(b, pos, limit - pos);
            long len = Math.min(sa.length(), sb.length());
            if (!(sa.zero() && sb.zero())) {
                a.read(pos, ba, 0, (int) len);
                b.read(pos, bb, 0, (int) len);
                int m = Arrays.mismatch(ba, 0, (int) len, bb, 0, (int) len);
                if (m >= 0) {
                    return new Result(false, false, (pos + m) & ~511L);
                }
            }
            pos += len;
            progress.update(100.0 * pos / Math.max(a.virtualSize(), b.virtualSize()));
        }
        DiskImage longer = a.virtualSize() > b.virtualSize() ? a : b;
        OptionalLong nz = firstNonZero(longer, common, ba);
        return nz.isPresent() ? new Result(false, false, nz.getAsLong() & ~511L) : new Result(true, false, -1);
    }

    private static OptionalLong firstNonZero(DiskImage img, long from, byte[] buf) {
        long pos = from;
        while (pos < img.virtualSize()) {
            ChainStatus s = ChainStatus.at(img, pos, Math.min(CHUNK, img.virtualSize() - pos));
            if (!s.zero()) {
                img.read(pos, buf, 0, (int) s.length());
                for (int i = 0; i < s.length(); i++) {
                    if (buf[i] != 0) {
                        return OptionalLong.of(pos + i);
                    }
                }
            }
            pos += s.length();
        }
        return OptionalLong.empty();
    }
}
