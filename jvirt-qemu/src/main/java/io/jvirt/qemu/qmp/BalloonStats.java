package io.jvirt.qemu.qmp;

import java.util.Map;
import java.util.Objects;

/**
 * The memory statistics a guest's balloon driver reports ({@code guest-stats}), by QEMU's names
 * ({@code stat-swap-in}, {@code stat-free-memory}, ...); statistics the guest does not report
 * are left out.
 *
 * @param stats the values as the guest gave them (memory in bytes, faults as counts)
 * @param lastUpdate when the guest last reported, in seconds since the epoch; 0 when never
 */
public record BalloonStats(Map<String, Long> stats, long lastUpdate) {
    /** No statistics yet. */
    public static final BalloonStats NONE = new BalloonStats(Map.of(), 0);

    /** Copies the values. */
    public BalloonStats {
        stats = Map.copyOf(Objects.requireNonNull(stats, "stats"));
    }
}
