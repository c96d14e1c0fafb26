package io.jvirt.qemu.process;

import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.RawMonitorEvent;
import io.jvirt.qemu.qmp.MonitorEvent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One QEMU process as the daemon drives it: its identity, its monitor and its end.
 * {@link QemuInstance} is the real one; tests of the daemon's lifecycle logic use fakes made
 * by a fake {@link QemuLauncher}.
 */
public interface QemuProcess {
    long pid();

    /** The process start time from /proc (clock ticks since boot): with the pid, its identity. */
    long startTime();

    /**
     * Connects the monitor of a freshly spawned QEMU, waiting for it to initialize; events
     * then go to {@code events}, in order, on the monitor's event thread.
     *
     * @throws QemuLaunchException with QEMU's own last words when it fails; the process is
     *         then killed and reaped
     */
    void awaitMonitor(Duration timeout, Consumer<MonitorEvent> events);

    /** The monitor (valid once connected). */
    QemuMonitor monitor();

    /** Completes once, after the process has ended, with how it ended. */
    CompletableFuture<QemuExit> exited();

    /** SIGTERM, then SIGKILL after {@code grace}; waits until the process is gone. */
    QemuExit stop(Duration grace);

    /**
     * SIGTERM only (virsh's {@code destroy --graceful}): waits up to {@code grace} for the end.
     *
     * @return how it ended, or null when it still runs
     */
    QemuExit terminate(Duration grace);

    /** Kills a process whose monitor was never connected, and waits for its end. */
    void abandon();

    /**
     * Hands every QMP event from now on to {@code listener} as QEMU sent it, on the monitor's
     * event thread ({@code qemu-monitor-event}). A process without a real monitor (a test's fake)
     * delivers none.
     *
     * @return closing it stops the delivery
     */
    default AutoCloseable watchRawEvents(Consumer<RawMonitorEvent> listener) {
        return () -> { };
    }
}
