package io.jvirt.cli.live;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.StorageUnits;

/**
 * virsh's scaled integers ({@code vshCommandOptScaledInt}): a whole number with an optional
 * unit (b, k or KiB, KB, M or MiB, MB, G, ...); without a unit the verb's default scale applies
 * (KiB for memory sizes and blockresize).
 */
final class ScaledSize {
    private ScaledSize() {
    }

    /**
     * Parses {@code text} into bytes.
     *
     * @param defaultScale the bytes of one unit when the text names none
     * @throws IllegalArgumentException with virsh's sentence when it is not a size
     */
    static long bytes(String text, long defaultScale, String what) {
        String t = text == null ? "" : text.strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        String number = t.substring(0, i);
        String unit = t.substring(i).strip();
        try {
            if (unit.isEmpty()) {
                return Math.multiplyExact(Long.parseLong(number), defaultScale);
            }
            return StorageUnits.toBytes(number, unit, what);
        } catch (ConfException e) {
            throw new IllegalArgumentException(e.detail(), e);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " '" + t + "' is not a valid size.", e);
        }
    }

    /** {@code bytes} in KiB, rounded up as virsh rounds memory sizes. */
    static long kib(String text, String what) {
        long b = bytes(text, 1024, what);
        return b / 1024 + (b % 1024 == 0 ? 0 : 1);
    }
}
