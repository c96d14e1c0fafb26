package io.jvirt.qemu.qmp;

import java.util.Locale;

/**
 * The state of QEMU's migration ({@code query-migrate}), reduced to what the daemon decides on.
 *
 * @param phase where it stands
 * @param qemuStatus QEMU's own word for it ({@code setup}, {@code active}, {@code device},
 *     {@code completed}, {@code failed}...)
 * @param error QEMU's description of a failure, or null
 */
public record MigrationStatus(Phase phase, String qemuStatus, String error) {

    /** Where a migration stands. */
    public enum Phase {
        /** None has run. */
        NONE,
        /** It runs (set-up, active, device state, waiting, being cancelled...). */
        ACTIVE,
        /** It ended well. */
        COMPLETED,
        /** It failed or was cancelled. */
        FAILED
    }

    /**
     * Reads QEMU's status word.
     *
     * @param status QEMU's {@code MigrationStatus}
     * @param error its {@code error-desc}, or null
     * @return the state
     */
    public static MigrationStatus of(String status, String error) {
        Phase p = switch (status.toLowerCase(Locale.ROOT)) {
            case "none" -> Phase.NONE;
            case "completed" -> Phase.COMPLETED;
            case "failed", "cancelled" -> Phase.FAILED;
            default -> Phase.ACTIVE;
        };
        return new MigrationStatus(p, status, error);
    }

    /** Whether it has ended, well or not. */
    public boolean ended() {
        return phase == Phase.COMPLETED || phase == Phase.FAILED;
    }
}
