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
     * Starts QEMU with descriptors to inherit and variables to add to its environment.
     * Launchers that cannot pass descriptors (test fakes) refuse them.
     *
     * @param argv the command line
     * @param runDir the run directory
     * @param extras the descriptors and variables
     * @return the process
     * @throws QemuLaunchException when the process cannot be started
     */
    default QemuProcess spawn(List<String> argv, Path runDir, SpawnExtras extras) {
        if (!extras.fds().isEmpty()) {
            throw new UnsupportedOperationException("this launcher passes no descriptors");
        }
        return spawn(argv, extras.env(), runDir);
    }

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
        public QemuProcess spawn(List<String> argv, Path runDir, SpawnExtras extras) {
            return QemuInstance.spawn(argv, runDir, extras);
        }

        @Override
        public Optional<QemuProcess> reattach(long pid, long startTime, Path runDir, Duration monitorTimeout,
                                              Consumer<MonitorEvent> events) {
            return QemuInstance.reattach(pid, startTime, runDir, monitorTimeout, events).map(q -> q);
        }
    };
}
