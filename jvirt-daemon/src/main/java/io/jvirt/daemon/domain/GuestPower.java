package io.jvirt.daemon.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.agent.GuestAgent;
import io.jvirt.qemu.agent.GuestAgentException;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.ShutdownCause;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * The guest's power, as libvirt's QEMU driver handles it: QEMU's power events (STOP, RESUME,
 * SHUTDOWN, RESET), what follows a guest power-off, and the requests that press the guest's
 * buttons ({@code reboot}, {@code shutdown}, {@code reset}).
 *
 * <p>Reboot keeps the QEMU process and the live configuration (libvirt's fake reboot): QEMU
 * runs with {@code -no-shutdown}; {@code reboot} marks the domain and presses the ACPI power
 * button; when the guest has powered off, QEMU waits, and the daemon resets the machine and
 * continues it. Without the mark, a power-off ends QEMU and {@code on_poweroff} applies
 * ({@link PowerOffPolicy}). Meanwhile the state stays "running" and only the reboot events of
 * QEMU's resets are published, as libvirt does.
 *
 * <p>Threads: {@link #onEvent} runs on the monitor's event thread and never takes a job lock
 * (a job may be waiting for QEMU); the work a power-off needs runs on the background executor
 * under the domain's job lock. Request methods expect the job lock to be held, except
 * {@link #rebootWithAgent}, which waits for the guest without it.
 */
final class GuestPower {
    private static final Logger LOG = Logger.getLogger(GuestPower.class.getName());
    /** How long a guest agent reboot may take to reach the reset (libvirt waits as long). */
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(60);

    private final DomainRunner runner;
    private final EventBus events;
    private final ExecutorService background;

    GuestPower(DomainRunner runner, EventBus events, ExecutorService background) {
        this.runner = runner;
        this.events = events;
        this.background = background;
    }

    /** A reboot through the guest agent, prepared under the job lock and carried out without it. */
    record AgentReboot(Path socket, GuestAgent.ShutdownMode mode, boolean acpiFallback, boolean isReboot,
                       boolean shutdownRequest) {
    }

    // ---- QEMU's events (monitor event thread, no job lock)

    void onEvent(DomainObj obj, MonitorEvent ev) {
        DomainStatus s = obj.status();
        switch (ev) {
            case MonitorEvent.Stop stop -> {
                if (s.state() == DomainState.RUNNING && !obj.pausedForReboot) {
                    boolean ioError = obj.pausedByIoError;
                    if (obj.replaceStatus(s, s.with(DomainState.PAUSED, ioError ? StateReason.IO_ERROR
                            : StateReason.UNKNOWN)) && ioError) {
                        events.publish(obj, DomainLifecycle.SUSPENDED_IOERROR);
                    }
                }
            }
            case MonitorEvent.Resume resume -> {
                obj.pausedByIoError = false;
                if (s.state() == DomainState.PAUSED && s.reason() != StateReason.STARTING_UP) {
                    obj.replaceStatus(s, s.with(DomainState.RUNNING, StateReason.UNPAUSED));
                }
            }
            case MonitorEvent.Shutdown sd -> onShutdown(obj, s, sd.guest(), sd.cause());
            case MonitorEvent.Reset reset -> {
                if (reset.cause() != ShutdownCause.SNAPSHOT_LOAD) {
                    onReset(obj, s); // a snapshot-load resets the machine on its way: no guest reboot
                }
            }
            case MonitorEvent.JobStatusChange job -> obj.qemuJobs.signal();
            case MonitorEvent.BlockJob job -> obj.qemuJobs.signal();
            // devices and the balloon are the hotplug service's
            case MonitorEvent.DeviceDeleted d -> { }
            case MonitorEvent.UnplugRefused u -> { }
            case MonitorEvent.BalloonChange b -> { }
            // the clock, watchdog, I/O error, power-management and tray events are GuestNotices'
            case MonitorEvent.TrayMoved t -> { }
            case MonitorEvent.RtcChange r -> { }
            case MonitorEvent.Watchdog w -> { }
            case MonitorEvent.IoError e -> { }
            case MonitorEvent.PowerManagement p -> { }
            case MonitorEvent.SerialPortChange p -> agentChannel(obj, p);
            case MonitorEvent.Other other -> { }
        }
    }

    /** libvirt's agent-lifecycle event: the guest agent opened or closed its channel. */
    private void agentChannel(DomainObj obj, MonitorEvent.SerialPortChange p) {
        DomainDef live = obj.liveDef();
        if (live == null) {
            return;
        }
        List<ChannelDef> channels = live.devices().channels();
        for (int i = 0; i < channels.size(); i++) {
            if (ChannelDef.GUEST_AGENT.equals(channels.get(i).name()) && QemuArgv.channelDeviceId(i).equals(p.id())) {
                events.publish(obj, DomainEvent.AGENT_LIFECYCLE, p.open() ? "connected" : "disconnected");
            }
        }
    }

    private void onShutdown(DomainObj obj, DomainStatus s, boolean guest, ShutdownCause reason) {
        if (!s.active()) {
            return;
        }
        if (!guest) {
            // the daemon ends QEMU (destroy, or its quit after a power-off): QEMU exits now
            obj.replaceStatus(s, s.with(DomainState.SHUTDOWN, StateReason.USER));
            return;
        }
        signalWentDown(obj);
        if (obj.rebootPending && reason != ShutdownCause.GUEST_RESET) {
            // a reboot in progress: the guest's off-time is not a state change (libvirt's pausedShutdown)
            obj.pausedForReboot = true;
        } else {
            obj.replaceStatus(s, s.with(DomainState.SHUTDOWN, StateReason.USER));
            events.publish(obj, DomainLifecycle.SHUTDOWN_GUEST);
        }
        QemuProcess q = obj.qemu();
        background.execute(() -> afterPowerOff(obj, q, reason));
    }

    private void onReset(DomainObj obj, DomainStatus s) {
        if (!s.active() || s.state() == DomainState.PAUSED && s.reason() == StateReason.STARTING_UP) {
            return; // as libvirt, resets while QEMU starts are not the guest's
        }
        boolean wasMarked = obj.rebootPending;
        obj.rebootPending = false;
        signalWentDown(obj);
        events.publishReboot(obj);
        if (wasMarked) {
            background.execute(() -> saveRecordLocked(obj));
        }
    }

    private static void signalWentDown(DomainObj obj) {
        CompletableFuture<Void> waiting = obj.guestWentDown;
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** A reattached QEMU waits in its shut-down state: handle the power-off the daemon missed. */
    void poweredOffWhileAway(DomainObj obj, QemuProcess q) {
        if (obj.rebootPending) {
            obj.pausedForReboot = true;
        }
        background.execute(() -> afterPowerOff(obj, q, ShutdownCause.NONE));
    }

    // ---- after a power-off (background, takes the job lock)

    private void afterPowerOff(DomainObj obj, QemuProcess q, ShutdownCause reason) {
        obj.job.lock();
        try {
            QemuProcess now = obj.qemu();
            if (now == null || q != null && now != q) {
                return; // stopped or started afresh meanwhile
            }
            PowerOffPolicy.Action action = PowerOffPolicy.decide(obj.rebootPending, reason,
                    DefFacts.onPoweroff(obj.liveDef()));
            switch (action) {
                case RESET_AND_CONTINUE -> resetAndContinue(obj, now);
                case END_QEMU -> endQemu(obj, now);
                case STAY_PAUSED -> LOG.info("domain " + obj.name() + " powered off; QEMU stays (on_poweroff=preserve)");
            }
        } catch (RuntimeException e) {
            LOG.warning("domain " + obj.name() + ": handling the guest's power-off failed: " + e);
        } finally {
            obj.job.unlock();
        }
    }

    /** libvirt's qemuProcessFakeReboot: the same process boots again. Job lock held. */
    private void resetAndContinue(DomainObj obj, QemuProcess q) {
        try {
            q.monitor().systemReset();
            q.monitor().cont();
        } catch (QmpException e) {
            LOG.warning("domain " + obj.name() + " could not be reset after its power-off (" + e.getMessage()
                    + "); stopping it");
            obj.rebootPending = false;
            obj.pausedForReboot = false;
            runner.stopAndFinish(obj, q);
            return;
        }
        obj.rebootPending = false;
        obj.pausedForReboot = false;
        DomainStatus s = obj.status();
        obj.setStatus(s.with(DomainState.RUNNING, StateReason.BOOTED));
        saveRecordQuietly(obj);
        LOG.info("domain " + obj.name() + " rebooted in the same QEMU (id " + s.id() + ", pid " + q.pid() + ")");
    }

    /** Ends QEMU after a power-off; its exit handling records "shutdown" and applies on_poweroff. Job lock held. */
    private void endQemu(DomainObj obj, QemuProcess q) {
        try {
            q.monitor().quit();
        } catch (QmpException e) {
            LOG.warning("domain " + obj.name() + ": QEMU did not take 'quit' after the guest's power-off ("
                    + e.getMessage() + "); stopping it");
            runner.stopAndFinish(obj, q);
        }
    }

    private void saveRecordLocked(DomainObj obj) {
        obj.job.lock();
        try {
            if (obj.qemu() != null) {
                saveRecordQuietly(obj);
            }
        } finally {
            obj.job.unlock();
        }
    }

    private void saveRecordQuietly(DomainObj obj) {
        try {
            runner.saveRecord(obj);
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot record the reboot state of domain " + obj.name() + ": " + e.getMessage());
        }
    }

    // ---- requests (job lock held unless said otherwise)

    /**
     * {@code reboot [--mode M,...]}. With ACPI (the default) this presses the power button
     * after marking the domain; with the guest agent it returns what {@link #rebootWithAgent}
     * must do once the job lock is released.
     *
     * @return the agent reboot to carry out, or null when the request is done
     */
    AgentReboot reboot(DomainObj obj, Set<RebootMode> modes) {
        runner.requireActive(obj);
        Set<RebootMode> unsupported = EnumSet.noneOf(RebootMode.class);
        modes.stream().filter(m -> !m.supportedByQemu()).forEach(unsupported::add);
        if (!unsupported.isEmpty()) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The QEMU driver cannot reboot a domain with mode "
                    + String.join(", ", unsupported.stream().map(RebootMode::word).toList())
                    + "; use --mode acpi (the ACPI power button) or --mode agent (the QEMU guest agent).");
        }
        // like libvirt: with on_reboot destroy or preserve, a reboot request powers the guest off
        boolean isReboot = PowerOffPolicy.rebootAllowed(obj.liveDef().effectiveOnReboot());
        boolean acpi = modes.isEmpty() || modes.contains(RebootMode.ACPI);
        if (modes.contains(RebootMode.AGENT)) {
            try {
                Path socket = agentSocket(obj, "rebooted");
                setMark(obj, false);
                return new AgentReboot(socket, isReboot ? GuestAgent.ShutdownMode.REBOOT
                        : GuestAgent.ShutdownMode.POWERDOWN, acpi, isReboot, false);
            } catch (DaemonException e) {
                if (!acpi) {
                    throw e;
                }
                LOG.info("domain " + obj.name() + ": " + e.getMessage() + " Pressing the power button instead.");
            }
        }
        pressPowerButton(obj, isReboot);
        return null;
    }

    /**
     * Asks the guest agent to reboot (or power off) the guest and waits until QEMU reports the
     * reset or power-off. Runs without the job lock; falls back to the power button when the
     * request allows it.
     */
    void rebootWithAgent(DomainObj obj, AgentReboot plan) {
        CompletableFuture<Void> down = new CompletableFuture<>();
        obj.guestWentDown = down;
        try (GuestAgent agent = GuestAgent.connect(plan.socket())) {
            agent.shutdown(plan.mode(), down, AGENT_TIMEOUT);
        } catch (GuestAgentException e) {
            if (!plan.acpiFallback()) {
                throw new DaemonException(agentCode(e.kind()), "Domain '" + obj.name() + "' was not "
                        + (plan.shutdownRequest() ? "shut down" : "rebooted") + " through its guest agent: "
                        + e.getMessage() + " Use --mode acpi to press the ACPI power button instead.", e);
            }
            LOG.info("domain " + obj.name() + ": " + e.getMessage() + " Pressing the power button instead.");
            obj.job.lock();
            try {
                pressPowerButton(obj, plan.isReboot());
            } finally {
                obj.job.unlock();
            }
        } finally {
            obj.guestWentDown = null;
        }
    }

    static ErrorCode agentCode(GuestAgentException.Kind kind) {
        return switch (kind) {
            case UNREACHABLE, NOT_RESPONDING, COMMAND_FAILED, INVALID_COMMAND -> ErrorCode.HYPERVISOR_FAILED;
            case TIMEOUT -> ErrorCode.TIMEOUT;
            case INTERRUPTED -> ErrorCode.INTERNAL;
        };
    }

    /** The socket of the domain's guest agent channel; UNSUPPORTED when there is none the daemon can use. */
    private Path agentSocket(DomainObj obj, String done) {
        DomainDef live = obj.liveDef();
        ChannelDef channel = live.devices().channels().stream()
                .filter(c -> c.name().equals(ChannelDef.GUEST_AGENT)).findFirst().orElse(null);
        if (channel == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "Domain '" + obj.name() + "' has no QEMU guest agent "
                    + "channel, so it cannot be " + done + " with --mode agent; use --mode acpi, or add <channel "
                    + "type='unix'><target type='virtio' name='" + ChannelDef.GUEST_AGENT + "'/></channel> to its "
                    + "definition and start it again.");
        }
        return QemuArgv.channelSocket(channel, runner.runDir(obj)).orElseThrow(() -> new DaemonException(
                ErrorCode.UNSUPPORTED, "The guest agent channel of domain '" + obj.name() + "' connects to "
                + channel.source().path() + ", a socket another program listens on, so jvirt cannot talk to the "
                + "agent; give the channel <source mode='bind'/> or use --mode acpi."));
    }

    /**
     * {@code shutdown [--mode M,...]}: with ACPI (the default) the power button; with the guest
     * agent it returns the power-off {@link #rebootWithAgent} must ask for once the job lock is
     * released (falling back to the power button when acpi is listed too).
     *
     * @return the agent power-off to carry out, or null when the request is done
     */
    AgentReboot shutdown(DomainObj obj, Set<RebootMode> modes) {
        runner.requireActive(obj);
        List<String> unsupported = modes.stream().filter(m -> !m.supportedByQemu()).map(RebootMode::word).toList();
        if (!unsupported.isEmpty()) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The QEMU driver cannot shut down a domain with mode "
                    + String.join(", ", unsupported) + "; use --mode acpi (the ACPI power button) or --mode agent "
                    + "(the QEMU guest agent).");
        }
        boolean acpi = modes.isEmpty() || modes.contains(RebootMode.ACPI);
        if (modes.contains(RebootMode.AGENT)) {
            try {
                Path socket = agentSocket(obj, "shut down");
                setMark(obj, false);
                return new AgentReboot(socket, GuestAgent.ShutdownMode.POWERDOWN, acpi, false, true);
            } catch (DaemonException e) {
                if (!acpi) {
                    throw e;
                }
                LOG.info("domain " + obj.name() + ": " + e.getMessage() + " Pressing the power button instead.");
            }
        }
        pressPowerButton(obj, false);
        return null;
    }

    /** {@code reset}: the machine's reset button; a pending reboot is then done. */
    void reset(DomainObj obj) {
        boolean marked = obj.rebootPending; // the RESET event may clear it before the answer comes
        runner.monitor(obj, QemuMonitor::systemReset);
        obj.rebootPending = false;
        if (marked) {
            saveRecordQuietly(obj);
        }
    }

    /**
     * Sets the reboot mark to {@code reboot} (recorded, so a restarted daemon still reboots the
     * guest) and presses the ACPI power button; a failed press leaves the mark as it was.
     */
    private void pressPowerButton(DomainObj obj, boolean reboot) {
        boolean before = obj.rebootPending;
        setMark(obj, reboot);
        try {
            runner.monitor(obj, QemuMonitor::systemPowerdown);
        } catch (DaemonException e) {
            obj.rebootPending = before;
            saveRecordQuietly(obj);
            throw e;
        }
    }

    private void setMark(DomainObj obj, boolean reboot) {
        if (obj.rebootPending == reboot) {
            return;
        }
        obj.rebootPending = reboot;
        try {
            runner.saveRecord(obj);
        } catch (IOException e) {
            obj.rebootPending = !reboot;
            throw new DaemonException(ErrorCode.INTERNAL, "Cannot record the reboot request of domain '"
                    + obj.name() + "': " + e.getMessage() + ".", e);
        }
    }
}
