package io.jvirt.qemu.process;

/**
 * How a QEMU process ended.
 *
 * @param shutdownSeen   QEMU announced a SHUTDOWN event before it exited
 * @param guestInitiated that shutdown came from the guest (poweroff, or reset with -no-reboot)
 * @param shutdownReason QEMU's reason word (guest-shutdown, host-signal, host-qmp-quit, guest-reset...), or null
 * @param stopRequested  the daemon asked it to stop (destroy)
 * @param exitCode       the exit status when QEMU was the daemon's own child, else null
 */
public record QemuExit(boolean shutdownSeen, boolean guestInitiated, String shutdownReason,
                       boolean stopRequested, Integer exitCode) {
}
