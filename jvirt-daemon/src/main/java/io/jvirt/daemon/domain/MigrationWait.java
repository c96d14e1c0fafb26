package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.MigrationStatus;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.time.Duration;

/** Waits for QEMU's migration (a save's outgoing stream or a restore's incoming one) to end. */
final class MigrationWait {

    private MigrationWait() {
    }

    /**
     * Polls query-migrate, 1 ms at first and then less often, until the migration has ended.
     *
     * @param doing what QEMU does, for the error ("load the saved VM state")
     * @throws DaemonException HYPERVISOR_FAILED when it does not end within {@code timeout}
     */
    static MigrationStatus await(QemuMonitor m, Duration timeout, String doing) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            MigrationStatus s = m.queryMigrate();
            if (s.ended()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU did not finish to " + doing + " within "
                        + timeout.toSeconds() + " s (its migration is " + s.qemuStatus() + ").");
            }
            sleep(pause);
            pause = Math.min(20, pause * 2);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for QEMU's migration.", e);
        }
    }
}
