package io.jvirt.qemu.process;

import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.MonitorEvents;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpClient;
import io.jvirt.qemu.qmp.QmpMonitor;
import io.jvirt.qemu.qmp.RawMonitorEvent;
import io.jvirt.qemu.qmp.ShutdownCause;
import io.jvirt.sys.ProcStat;
import io.jvirt.sys.Spawn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running QEMU process and its QMP connection.
 *
 * <p>A launched QEMU is the daemon's own child, in a session of its own ({@code setsid}) so
 * that a Ctrl+C aimed at a foreground daemon never reaches the VMs, with stdout and stderr
 * going to {@code runDir/qemu.log} (never to a pipe, which would break when the daemon
 * dies). After a daemon restart the same VM is found again by pid and {@code /proc} start
 * time, and its QMP socket is reattached.
 *
 * <p>How it ended ({@link QemuExit}) comes from the first {@code SHUTDOWN} event since the
 * guest last ran: QEMU runs with {@code -no-shutdown}, so after a guest power-off it waits,
 * and the {@code quit} the daemon then sends brings a second, host-side {@code SHUTDOWN} that
 * must not hide the guest's. A {@code RESET} (the daemon's reset after a reboot it asked for)
 * forgets the power-off.
 *
 * <p>Threads: the QMP client's reader thread delivers events; {@link #exited()} completes on
 * a JDK reaper thread (own child) or a virtual polling thread (reattached process).
 */
public final class QemuInstance implements QemuProcess {
    /** File names inside a domain's run directory. */
    public static final String QMP_SOCKET = "qmp.sock";
    public static final String LOG = "qemu.log";

    private final long pid;
    private final long startTime;
    /** The exit code of the daemon's own child; null for a QEMU reattached after a restart. */
    private final CompletableFuture<Integer> ownExit;
    private final Path runDir;
    private final CompletableFuture<QemuExit> exited = new CompletableFuture<>();
    /** Completes when QMP has delivered its last event and closed (or there never was a monitor). */
    private final CompletableFuture<Void> monitorClosed = new CompletableFuture<>();
    private volatile QmpClient qmp;
    /** Who follows QEMU's events as text ({@code qemu-monitor-event}); called on the monitor's event thread. */
    private final List<Consumer<RawMonitorEvent>> rawListeners = new CopyOnWriteArrayList<>();
    private volatile QemuMonitor monitor;
    private volatile boolean shutdownSeen;
    private volatile boolean guestInitiated;
    private volatile ShutdownCause shutdownReason = ShutdownCause.NONE;
    private volatile boolean stopRequested;

    private QemuInstance(long pid, long startTime, CompletableFuture<Integer> ownExit, Path runDir) {
        this.pid = pid;
        this.startTime = startTime;
        this.ownExit = ownExit;
        this.runDir = runDir;
    }

    /**
     * Starts QEMU with {@code argv} (which must use {@code runDir/qmp.sock} for QMP and start
     * paused with {@code -S}) and connects QMP. The guest is not resumed: the caller sends
     * {@code cont} once it is ready.
     *
     * @throws QemuLaunchException with QEMU's own last words when it fails; nothing is left running
     */
    public static QemuInstance launch(List<String> argv, Path runDir, Duration monitorTimeout,
                                      Consumer<MonitorEvent> events) {
        QemuInstance q = spawn(argv, runDir);
        q.awaitMonitor(monitorTimeout, events);
        return q;
    }

    /**
     * Starts QEMU with {@code argv} (which must use {@code runDir/qmp.sock} for QMP and start
     * paused with {@code -S}) and returns at once, with its pid and start time known: QEMU
     * takes tens of milliseconds to initialize, time the caller can use (to record the
     * process, say) before {@link #awaitMonitor}. A caller that gives up calls {@link #abandon}.
     *
     * @throws QemuLaunchException when the process cannot be started
     */
    public static QemuInstance spawn(List<String> argv, Path runDir) {
        return spawn(argv, runDir, SpawnExtras.NONE);
    }

    /**
     * Starts QEMU like {@link #spawn(List, Path)}, with variables added to its environment.
     *
     * @param argv the command line
     * @param env the variables, such as an SDL display's {@code DISPLAY}
     * @param runDir the run directory
     * @return the process
     * @throws QemuLaunchException when the process cannot be started
     */
    public static QemuInstance spawn(List<String> argv, Map<String, String> env, Path runDir) {
        return spawn(argv, runDir, new SpawnExtras(List.of(), env));
    }

    /**
     * Starts QEMU as {@link #spawn(List, Path)} does, with descriptors to inherit and variables
     * added to its environment. The JDK's {@code ProcessBuilder} closes every descriptor in the
     * child, so a QEMU that must inherit some is started with {@code posix_spawn} ({@link Spawn})
     * and reaped by a platform thread of its own; the others keep the JDK's launcher and reaper.
     *
     * @throws QemuLaunchException when the process cannot be started
     */
    public static QemuInstance spawn(List<String> argv, Path runDir, SpawnExtras extras) {
        Path log = runDir.resolve(LOG);
        long pid;
        CompletableFuture<Integer> exit;
        try {
            Files.createDirectories(runDir);
            if (extras.fds().isEmpty()) {
                List<String> cmd = new ArrayList<>(argv.size() + 1);
                cmd.add("setsid");
                cmd.addAll(argv);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectErrorStream(true);
                pb.environment().putAll(extras.env());
                Process p = pb.start();
                pid = p.pid();
                exit = p.onExit().thenApply(Process::exitValue);
            } else {
                pid = Spawn.spawn(argv, extras.env(), log, extras.fds(), true);
                exit = new CompletableFuture<>();
                CompletableFuture<Integer> reaped = exit;
                long child = pid;
                // waitpid blocks in the kernel: a platform thread, not a virtual one that would pin its carrier
                Thread.ofPlatform().daemon().name("qemu-reaper-" + pid)
                        .start(() -> reaped.complete(Spawn.waitFor(child)));
            }
        } catch (IOException e) {
            throw new QemuLaunchException(QemuLaunchException.Kind.SPAWN_FAILED,
                    "cannot run " + argv.getFirst() + ": " + e.getMessage()
                            + "; install QEMU (apt-get install qemu-system-x86) or set <emulator>.", e);
        }
        long startTime = ProcStat.read(pid).map(ProcStat::startTime).orElse(0L);
        QemuInstance q = new QemuInstance(pid, startTime, exit, runDir);
        // The process may be reaped before the QMP reader has delivered QEMU's last events
        // (SHUTDOWN tells a guest poweroff from a crash), so the exit is reported only once
        // the monitor has closed too, or 2 s after the process ended at the latest.
        exit.thenCompose(code -> q.monitorClosed.copy().completeOnTimeout(null, 2, TimeUnit.SECONDS)
                .thenApply(ignored -> code)).thenAccept(q::complete);
        return q;
    }

    /**
     * Connects QMP to a QEMU from {@link #spawn}, waiting for it to initialize.
     *
     * @throws QemuLaunchException with QEMU's own last words when it fails; the process is
     *         then killed and reaped
     */
    @Override
    public void awaitMonitor(Duration monitorTimeout, Consumer<MonitorEvent> events) {
        try {
            connect(monitorTimeout, events);
        } catch (RuntimeException e) {
            abandon();
            String said = LogTail.of(runDir.resolve(LOG), 3);
            boolean died = exited.isDone();
            throw new QemuLaunchException(
                    died ? QemuLaunchException.Kind.EXITED_EARLY : QemuLaunchException.Kind.MONITOR_TIMEOUT,
                    died
                            ? "QEMU exited while starting" + (said.isEmpty() ? "" : ": " + said)
                            : "QEMU did not open its monitor within " + monitorTimeout.toMillis() + " ms and was killed"
                              + (said.isEmpty() ? "" : "; it said: " + said),
                    e);
        }
    }

    /**
     * Finds a QEMU started by an earlier daemon: it must be alive with the recorded start
     * time (a pid alone is never trusted), and its QMP socket must answer.
     */
    public static Optional<QemuInstance> reattach(long pid, long startTime, Path runDir, Duration monitorTimeout,
                                                  Consumer<MonitorEvent> events) {
        if (!ProcStat.isSameLiveProcess(pid, startTime)) {
            return Optional.empty();
        }
        QemuInstance q = new QemuInstance(pid, startTime, null, runDir);
        try {
            q.connect(monitorTimeout, events);
        } catch (RuntimeException e) {
            if (ProcStat.isSameLiveProcess(pid, startTime)) {
                throw new QemuLaunchException(QemuLaunchException.Kind.MONITOR_FAILED,
                        "QEMU process " + pid + " is running but its monitor " + runDir.resolve(QMP_SOCKET)
                                + " does not answer: " + e.getMessage(), e);
            }
            return Optional.empty();
        }
        try {
            if (q.monitor.queryStatus() == QemuMonitor.RunState.SHUTDOWN) {
                // the guest powered off while no daemon listened, and QEMU waits (-no-shutdown)
                q.noteShutdown(true, ShutdownCause.NONE);
            }
        } catch (RuntimeException e) {
            // the caller asks for the state itself and copes with a monitor that went away
        }
        return Optional.of(q);
    }

    @Override
    public AutoCloseable watchRawEvents(Consumer<RawMonitorEvent> listener) {
        rawListeners.add(listener);
        return () -> rawListeners.remove(listener);
    }

    private void connect(Duration timeout, Consumer<MonitorEvent> events) {
        qmp = QmpClient.connect(runDir.resolve(QMP_SOCKET), timeout, this::isAlive, raw -> {
            if (!rawListeners.isEmpty()) {
                RawMonitorEvent text = MonitorEvents.raw(raw);
                rawListeners.forEach(l -> l.accept(text));
            }
            MonitorEvent event = MonitorEvents.decode(raw);
            switch (event) {
                case MonitorEvent.Shutdown s -> noteShutdown(s.guest(), s.cause());
                case MonitorEvent.Reset r -> {
                    shutdownSeen = false;
                    guestInitiated = false;
                    shutdownReason = ShutdownCause.NONE;
                }
                case MonitorEvent.Stop s -> { }
                case MonitorEvent.Resume r -> { }
                case MonitorEvent.JobStatusChange j -> { }
                case MonitorEvent.BlockJob b -> { }
                case MonitorEvent.DeviceDeleted d -> { }
                case MonitorEvent.UnplugRefused u -> { }
                case MonitorEvent.BalloonChange b -> { }
                case MonitorEvent.TrayMoved t -> { }
                case MonitorEvent.RtcChange r -> { }
                case MonitorEvent.Watchdog w -> { }
                case MonitorEvent.IoError e -> { }
                case MonitorEvent.PowerManagement p -> { }
                case MonitorEvent.SerialPortChange p -> { }
                case MonitorEvent.Other o -> { }
            }
            events.accept(event);
        }, this::monitorClosed);
        monitor = new QmpMonitor(qmp);
    }

    /** Records a shutdown unless one is already recorded since the guest last ran. */
    private void noteShutdown(boolean guest, ShutdownCause reason) {
        if (!shutdownSeen) {
            guestInitiated = guest;
            shutdownReason = reason;
            shutdownSeen = true;
        }
    }

    private void monitorClosed() {
        monitorClosed.complete(null);
        if (ownExit != null) {
            return; // the reaper tells us exactly when our own child ends
        }
        Thread.ofVirtual().name("qemu-exit-" + pid).start(() -> {
            long delay = 2;
            while (ProcStat.isSameLiveProcess(pid, startTime)) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, 50);
            }
            complete(null);
        });
    }

    private void complete(Integer exitCode) {
        exited.complete(new QemuExit(shutdownSeen, guestInitiated, shutdownReason, stopRequested, exitCode));
        QmpClient c = qmp;
        if (c != null) {
            c.close();
        }
    }

    /** True while the QEMU process runs. */
    public boolean isAlive() {
        if (exited.isDone()) {
            return false;
        }
        return ownExit != null ? !ownExit.isDone() : ProcStat.isSameLiveProcess(pid, startTime);
    }

    /**
     * Stops QEMU: SIGTERM, then SIGKILL if it has not exited after {@code grace}; waits
     * until the process is gone.
     */
    @Override
    public QemuExit stop(Duration grace) {
        stopRequested = true;
        signal(false);
        try {
            return exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            killNow();
            return waitQuietly(exited, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killNow();
            return waitQuietly(exited, Duration.ofSeconds(30));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public QemuExit terminate(Duration grace) {
        stopRequested = true;
        signal(false);
        try {
            return exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stopRequested = false; // it goes on running; a later end is not this request's
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = false;
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills a QEMU from {@link #spawn} whose monitor was never connected, and waits for its end. */
    @Override
    public void abandon() {
        monitorClosed.complete(null); // no monitor to wait for
        killNow();
        waitQuietly(exited, Duration.ofSeconds(5));
    }

    private void killNow() {
        stopRequested = true;
        signal(true);
    }

    private void signal(boolean force) {
        // an own child is signalled only before it was reaped (its pid may be reused after)
        boolean ours = ownExit != null && !ownExit.isDone();
        ProcessHandle.of(pid).filter(x -> ours || ownExit == null && ProcStat.isSameLiveProcess(pid, startTime))
                .ifPresent(x -> {
                    if (force) {
                        x.destroyForcibly();
                    } else {
                        x.destroy();
                    }
                });
    }

    private static QemuExit waitQuietly(CompletableFuture<QemuExit> f, Duration d) {
        try {
            return f.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Completes once when the QEMU process has ended. */
    @Override
    public CompletableFuture<QemuExit> exited() {
        return exited;
    }

    public QmpClient qmp() {
        return qmp;
    }

    @Override
    public QemuMonitor monitor() {
        return monitor;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    public Path runDir() {
        return runDir;
    }

    /** True when this process is the daemon's own child (not reattached after a restart). */
    public boolean ownChild() {
        return ownExit != null;
    }
}
