package io.jvirt.conf.common;

import java.util.Locale;

/**
 * libvirt's scaled size units, shared by memory and storage sizes: {@code k}, {@code KiB}
 * (1024) and {@code KB} (1000), and likewise M, G, T, P, E; the prefix letter is
 * case-insensitive. Each user decides itself what no unit and plain bytes mean.
 */
public final class ScaledUnits {
    private ScaledUnits() {
    }

    /**
     * Bytes in one {@code unit}, such as 1024 for {@code k} or {@code KiB} and 1000 for
     * {@code KB}; -1 when {@code unit} is not a scaled unit.
     */
    public static long multiplier(String unit) {
        if (unit == null || unit.isEmpty()) {
            return -1;
        }
        String rest = unit.substring(1);
        long base;
        if (rest.isEmpty() || rest.equalsIgnoreCase("iB")) {
            base = 1024;
        } else if (rest.equalsIgnoreCase("B")) {
            base = 1000;
        } else {
            return -1;
        }
        int power = switch (unit.substring(0, 1).toLowerCase(Locale.ROOT)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            case "p" -> 5;
            case "e" -> 6;
            default -> -1;
        };
        if (power < 0) {
            return -1;
        }
        long m = 1;
        for (int i = 0; i < power; i++) {
            m *= base;
        }
        return m;
    }
}
