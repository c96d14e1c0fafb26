package io.jvirt.conf.common;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <bandwidth>} quality-of-service limit, on a guest interface, a virtual network or
 * one of its port groups. Rates are in kilobytes per second and bursts in kibibytes, as in
 * libvirt. At least one direction is given.
 *
 * @param inbound the limit on traffic towards the guest, or null
 * @param outbound the limit on traffic from the guest, or null
 */
public record BandwidthDef(Rate inbound, Rate outbound) {

    /**
     * Largest accepted rate or burst: 2^40 (a pebibyte per second), so that a renderer can
     * turn any value into bits without overflow.
     */
    public static final long MAX_VALUE = 1L << 40;

    /** Checks that one direction is given and that only inbound traffic has a floor. */
    public BandwidthDef {
        if (inbound == null && outbound == null) {
            throw new ConfException(Kind.MISSING_VALUE, "A <bandwidth> needs an <inbound> or an <outbound> rate.");
        }
        if (outbound != null && outbound.floor() != null) {
            throw new ConfException(Kind.CONFLICT,
                    "Only the inbound rate may have a 'floor'; remove it from <outbound>.");
        }
    }

    /** Returns whether the inbound rate guarantees a minimum ({@code floor}). */
    public boolean hasFloor() {
        return inbound != null && inbound.floor() != null;
    }

    /**
     * One direction's limits ({@code <inbound>} or {@code <outbound>}).
     *
     * @param average the average rate in kilobytes per second, or null when only a floor is set
     * @param peak the peak rate in kilobytes per second, or null
     * @param burst the most kibibytes sent at peak rate in one burst, or null
     * @param floor the guaranteed minimum rate in kilobytes per second (inbound only), or null
     */
    public record Rate(Long average, Long peak, Long burst, Long floor) {

        /** Checks the values and their combination. */
        public Rate {
            check(average, "average");
            check(peak, "peak");
            check(burst, "burst");
            check(floor, "floor");
            if (average == null && floor == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A bandwidth rate needs an 'average' (or, for inbound traffic, a 'floor').");
            }
            if (average == null && (peak != null || burst != null)) {
                throw new ConfException(Kind.CONFLICT,
                        "A bandwidth rate with a 'peak' or a 'burst' needs an 'average' too.");
            }
        }

        private static void check(Long value, String what) {
            if (value != null && (value < 1 || value > MAX_VALUE)) {
                throw new ConfException(Kind.INVALID_VALUE, "The bandwidth " + what + " " + value
                        + " is out of range; it must be from 1 to " + MAX_VALUE + ".");
            }
        }
    }
}
