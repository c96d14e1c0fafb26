package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.qemu.qmp.ShutdownCause;

/**
 * What happens when the guest powers off. QEMU runs with {@code -no-shutdown}, so it stops
 * the CPUs and waits; this pure decision (libvirt's {@code qemuProcessShutdownOrReboot})
 * says what the daemon does next.
 */
final class PowerOffPolicy {
    private PowerOffPolicy() {
    }

    /** The daemon's next step after a guest power-off. */
    enum Action {
        /** A reboot was asked for: reset the machine and continue the same QEMU process. */
        RESET_AND_CONTINUE,
        /** End QEMU; its exit handling then records "shutdown" and applies on_poweroff (restart starts it afresh). */
        END_QEMU,
        /** {@code on_poweroff=preserve}: leave QEMU paused in its shut-down state. */
        STAY_PAUSED
    }

    /**
     * @param rebootMarked {@code reboot} marked the domain (libvirt's fakeReboot)
     * @param qemuReason   QEMU's reason for the SHUTDOWN event ({@link ShutdownCause#NONE} when unknown)
     * @param onPoweroff   the live definition's on_poweroff
     */
    static Action decide(boolean rebootMarked, ShutdownCause qemuReason, LifecycleAction onPoweroff) {
        if (qemuReason == ShutdownCause.GUEST_RESET) {
            // a guest reset becomes a power-off only with on_reboot=destroy (-no-reboot): it stays off
            return Action.END_QEMU;
        }
        if (rebootMarked) {
            return Action.RESET_AND_CONTINUE;
        }
        return switch (onPoweroff) {
            case DESTROY, COREDUMP_DESTROY, RESTART, RENAME_RESTART, COREDUMP_RESTART -> Action.END_QEMU;
            case PRESERVE -> Action.STAY_PAUSED;
        };
    }

    /**
     * Whether {@code reboot} may mark the domain. With {@code on_reboot} destroy or preserve a
     * reboot request powers the guest off instead, as libvirt does.
     */
    static boolean rebootAllowed(LifecycleAction onReboot) {
        return switch (onReboot) {
            case DESTROY, PRESERVE -> false;
            case RESTART, RENAME_RESTART, COREDUMP_RESTART, COREDUMP_DESTROY -> true;
        };
    }
}
