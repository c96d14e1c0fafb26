package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ScaledUnits;

/**
 * Memory sizes with libvirt's units: {@code b}/{@code bytes}; {@code k}, {@code KiB} (1024) and
 * {@code KB} (1000), and likewise M, G, T, P, E. Unit letters are case-insensitive; a
 * missing unit means KiB. Sizes are rounded up to whole KiB.
 */
public final class MemoryUnits {

    private MemoryUnits() {
    }

    /**
     * Converts a value with a unit to KiB.
     *
     * @param value the number, decimal digits only
     * @param unit the unit, or null for KiB
     * @return the size in KiB, rounded up
     * @throws ConfException of kind INVALID_VALUE for a bad number or unit, or an overflow
     */
    public static long toKiB(String value, String unit) {
        long bytesPerUnit = bytesPerUnit(unit);
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The memory size '" + (value == null ? "" : Checks.printable(value)) + "' is not a whole number.");
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw tooLarge(value, unit);
        }
        if (bytesPerUnit % 1024 == 0) {
            try {
                return Math.multiplyExact(n, bytesPerUnit / 1024);
            } catch (ArithmeticException e) {
                throw tooLarge(value, unit);
            }
        }
        try {
            long bytes = Math.multiplyExact(n, bytesPerUnit);
            return bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1);
        } catch (ArithmeticException e) {
            throw tooLarge(value, unit);
        }
    }

    /**
     * Converts a value with a unit to bytes.
     *
     * @param value the number, decimal digits only
     * @param unit the unit, or null for KiB
     * @return the size in bytes
     * @throws ConfException of kind INVALID_VALUE for a bad number or unit, or an overflow
     */
    public static long toBytes(String value, String unit) {
        long bytesPerUnit = bytesPerUnit(unit);
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The size '" + (value == null ? "" : Checks.printable(value)) + "' is not a whole number.");
        }
        try {
            return Math.multiplyExact(Long.parseLong(value), bytesPerUnit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLarge(value, unit);
        }
    }

    private static ConfException tooLarge(String value, String unit) {
        return new ConfException(Kind.INVALID_VALUE,
                "The memory size " + value + " " + (unit == null ? "KiB" : unit) + " is too large.");
    }

    /**
     * Returns how many bytes one unit holds.
     *
     * @param unit the unit, or null for KiB
     * @return the multiplier
     */
    public static long bytesPerUnit(String unit) {
        if (unit == null || unit.isEmpty()) {
            return 1024;
        }
        if (unit.equalsIgnoreCase("b") || unit.equalsIgnoreCase("byte") || unit.equalsIgnoreCase("bytes")) {
            return 1;
        }
        long m = ScaledUnits.multiplier(unit);
        if (m < 0) {
            throw badUnit(unit);
        }
        return m;
    }

    private static ConfException badUnit(String unit) {
        return new ConfException(Kind.INVALID_VALUE, "The memory unit '" + Checks.printable(unit)
                + "' is not known; use b, KiB, MiB, GiB, TiB, PiB, EiB, or KB, MB, GB, TB, PB, EB.");
    }
}
