package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ScaledUnits;

/**
 * Storage sizes with libvirt's units: {@code b}/{@code byte}/{@code bytes} (also the default
 * when no unit is given); {@code k}, {@code KiB} (1024) and {@code KB} (1000), and likewise M,
 * G, T, P, E. Unit letters are case-insensitive.
 */
public final class StorageUnits {

    private StorageUnits() {
    }

    /**
     * Converts a value with a unit to bytes.
     *
     * @param value the number, decimal digits only
     * @param unit the unit, or null for bytes
     * @param what what the size is, for example "The volume capacity"
     * @return the size in bytes
     * @throws ConfException of kind INVALID_VALUE for a bad number or unit, or an overflow
     */
    public static long toBytes(String value, String unit, String what) {
        long perUnit = bytesPerUnit(unit);
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + (value == null ? "" : StorageChecks.printable(value))
                    + "' is not a whole number of " + (unit == null ? "bytes" : unit) + ".");
        }
        try {
            return Math.multiplyExact(Long.parseLong(value), perUnit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfException(Kind.INVALID_VALUE, what + " " + value + " " + (unit == null ? "bytes" : unit)
                    + " is too large.");
        }
    }

    /**
     * Returns how many bytes one unit holds.
     *
     * @param unit the unit, or null for bytes
     * @return the multiplier
     */
    public static long bytesPerUnit(String unit) {
        if (unit == null || unit.equals("b") || unit.equals("byte") || unit.equals("bytes") || unit.equals("B")) {
            return 1;
        }
        long m = ScaledUnits.multiplier(unit);
        if (m < 0) {
            throw badUnit(unit);
        }
        return m;
    }

    private static ConfException badUnit(String unit) {
        return new ConfException(Kind.INVALID_VALUE, "The size unit '" + StorageChecks.printable(unit)
                + "' is not known; use bytes, KiB, MiB, GiB, TiB, PiB, EiB, or KB, MB, GB, TB, PB, EB.");
    }
}
