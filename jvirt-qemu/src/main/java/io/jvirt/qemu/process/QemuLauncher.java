package io.jvirt.qemu.process;

import io.jvirt.qemu.qmp.MonitorEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts QEMU processes and finds them again after a daemon restart: the seam between the
 * daemon's lifecycle logic and real processes ({@link #SYSTEM}).
 */
public interface QemuLauncher {
    /**
     * Starts QEMU with {@code argv} and returns at once (see {@link QemuInstance#spawn}).
     *
     * @param argv the command line
     * @param env variables to set in QEMU's environment (an SDL display's {@code DISPLAY}), usually none
     * @param runDir the run directory
     * @return the process
     * @throws QemuLaunchException when the process cannot be started
     */
    QemuProcess spawn(List<String> argv, Map<String, String> env, Path runDir);

    /**
     * Finds a QEMU started by an earlier daemon (see {@link QemuInstance#reattach}).
     *
     * @return the process, or empty when it is gone
     * @throws QemuLaunchException when it runs but its monitor does not answer
     */
    Optional<QemuProcess> reattach(long pid, long startTime, Path runDir, Duration monitorTimeout,
                                   Consumer<MonitorEvent> events);

    /** Real QEMU processes. */
    QemuLauncher SYSTEM = new QemuLauncher() {
        @Override
        public QemuProcess spawn(List<String> argv, Map<String, String> env, Path runDir) {
            return QemuInstance.spawn(argv, env, runDir);
        }

        @Override
        public Optional<QemuProcess> reattach(long pid, long startTime, Path runDir, Duration monitorTimeout,
                                              Consumer<MonitorEvent> events) {
            return QemuInstance.reattach(pid, startTime, runDir, monitorTimeout, events).map(q -> q);
        }
    };
}
