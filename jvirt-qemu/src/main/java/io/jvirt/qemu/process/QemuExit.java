package io.jvirt.qemu.process;

import io.jvirt.qemu.qmp.ShutdownCause;

/**
 * How a QEMU process ended.
 *
 * @param shutdownSeen   QEMU announced a SHUTDOWN event since the guest last ran (since start or the last RESET)
 * @param guestInitiated the first such shutdown came from the guest (power-off, or reset with -no-reboot); the
 *                       daemon's own {@code quit} after it does not count
 * @param shutdownReason QEMU's reason for that first shutdown (guest-shutdown, host-signal, host-qmp-quit,
 *                       guest-reset...); {@link ShutdownCause#NONE} when there was none
 * @param stopRequested  the daemon asked it to stop (destroy)
 * @param exitCode       the exit status when QEMU was the daemon's own child, else null
 */
public record QemuExit(boolean shutdownSeen, boolean guestInitiated, ShutdownCause shutdownReason,
                       boolean stopRequested, Integer exitCode) {
}
