package io.jvirt.qemu.qmp;

import java.util.Map;

/**
 * The memory statistics a guest's balloon driver reported ({@code guest-stats} of the
 * virtio balloon), in QEMU's names ({@code stat-swap-in}, {@code stat-free-memory}, ...) and
 * units (bytes for sizes, counts for faults).
 *
 * @param lastUpdate when the guest last reported, in seconds since the epoch; 0 when never
 * @param stats the values the guest reported (QEMU's "no value" entries left out)
 */
public record BalloonGuestStats(long lastUpdate, Map<String, Long> stats) {
    /** No report. */
    public static final BalloonGuestStats NONE = new BalloonGuestStats(0, Map.of());

    public BalloonGuestStats {
        stats = Map.copyOf(stats);
    }
}
