package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.SysinfoDef;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.AgentTimeout;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostView;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.daemon.store.RuntimeRecord;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.daemon.tuning.DomainTuning;
import io.jvirt.daemon.tuning.TuningState;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.argv.StartupCommands;
import io.jvirt.qemu.helper.VirtiofsdCommand;
import io.jvirt.qemu.process.LogTail;
import io.jvirt.qemu.process.QemuExit;
import io.jvirt.qemu.process.QemuInstance;
import io.jvirt.qemu.process.QemuLaunchException;
import io.jvirt.qemu.process.QemuLauncher;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.process.SpawnExtras;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.ShutdownCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs domains with QEMU: start, stop, monitor actions, and what happens when QEMU exits.
 * QEMU's events and the guest's power-offs are {@link GuestPower}'s. Every method that
 * changes a domain expects its job lock to be held by the caller, except {@link #onExit},
 * which takes it itself.
 */
final class DomainRunner {
    private static final Logger LOG = Logger.getLogger(DomainRunner.class.getName());
    private static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final RuntimeStore runtime;
    private final QemuLauncher launcher;
    private final AccelChooser accel;
    private final String emulator;
    private final EventBus events;
    private final ExecutorService background;
    private final Removal removal;
    private final DomainPlumbing plumbing = new DomainPlumbing();
    private volatile DomainHelpers helpers;
    private volatile StartChecks.Host host = StartChecks.Host.SYSTEM;
    private final DisplayPlumbing displays = new DisplayPlumbing(DisplayPlumbing.PortProbe.SYSTEM);
    private volatile DomainTuning tuning;
    private volatile FirmwarePlumbing firmware = FirmwarePlumbing.NONE;
    private volatile Supplier<SysinfoDef.Smbios> hostSmbios = () -> null;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final GuestPower power;
    private final GuestNotices notices;
    private volatile DeviceEvents deviceEvents = DeviceEvents.NONE;
    /** Every QEMU's events as text, for {@code qemu-monitor-event}. */
    final MonitorEventFeed monitorEvents = new MonitorEventFeed();
    /** The launch context of each domain's last start (host handles and memory paths included), for hotplug. */
    private final Map<UUID, LaunchContext> contexts = new ConcurrentHashMap<>();

    /** Where QEMU's device and balloon events go (the hotplug service), on the monitor's event thread. */
    interface DeviceEvents {
        /** Handles one event of a running domain; must not wait for the domain's job lock. */
        void onEvent(DomainObj obj, MonitorEvent event);

        /** Checks which hot-added or hot-removed devices a domain found running after a restart still has. */
        void afterReattach(DomainObj obj);

        /** Ignores everything. */
        DeviceEvents NONE = new DeviceEvents() {
            @Override
            public void onEvent(DomainObj obj, MonitorEvent event) {
            }

            @Override
            public void afterReattach(DomainObj obj) {
            }
        };
    }

    /** Called when a transient domain has stopped for good. */
    interface Removal {
        void removeTransient(DomainObj obj, DomainDef last);
    }

    DomainRunner(RuntimeStore runtime, QemuLauncher launcher, AccelChooser accel, String emulator, EventBus events,
                 ExecutorService background, Removal removal) {
        this.runtime = runtime;
        this.launcher = launcher;
        this.accel = accel;
        this.emulator = emulator;
        this.events = events;
        this.background = background;
        this.removal = removal;
        this.power = new GuestPower(this, events, background);
        this.notices = new GuestNotices(events,
                Executors.newSingleThreadExecutor(Thread.ofVirtual().name("guest-notices").factory()));
    }

    /** The guest power handling (reboot, shutdown, reset and QEMU's events). */
    GuestPower power() {
        return power;
    }

    /** Installs the network driver's plumbing for guest network cards. */
    void setNicPlumbing(NicPlumbing nics) {
        plumbing.setNics(nics);
    }

    /** Gives displays that listen on a libvirt network the network's address. */
    void setDisplayNetworks(DisplayNetworks addresses) {
        displays.setNetworks(addresses);
    }

    /** Installs the storage driver's plumbing for disks (volume resolution, image locks). */
    void setDiskPlumbing(DiskPlumbing disks) {
        plumbing.setDisks(disks);
    }

    /** Installs the host device plumbing (VFIO binding, USB and SCSI lookup). */
    void setHostdevPlumbing(HostdevPlumbing hostdevs) {
        plumbing.setHostdevs(hostdevs);
    }

    /** Points the device checks at another sysfs and /dev (tests). */
    void setHostView(HostView view) {
        plumbing.setHost(view);
    }

    /** Installs the runner of helper processes (virtiofsd, swtpm) and the host the start checks ask. */
    void setHelpers(DomainHelpers newHelpers, StartChecks.Host newHost) {
        this.helpers = newHelpers;
        this.host = newHost;
    }

    /** Installs the host's placement and tuning (pins, cgroup, huge pages); without it none is applied. */
    void setTuning(DomainTuning value) {
        this.tuning = value;
    }

    /** Installs the receiver of QEMU's device and balloon events. */
    void setDeviceEvents(DeviceEvents receiver) {
        this.deviceEvents = receiver;
    }

    /** The plumbing of guest network cards (taps). */
    NicPlumbing nics() {
        return plumbing.nics();
    }

    /** The plumbing of disks (volumes, image locks). */
    DiskPlumbing disks() {
        return plumbing.disks();
    }

    /**
     * The launch context a running domain's QEMU was started with: the same argv builder input,
     * so that a device added now gets what a start would give it. Job lock held.
     */
    LaunchContext context(DomainObj obj) {
        requireActive(obj);
        LaunchContext started = contexts.get(obj.uuid());
        if (started != null) {
            return started;
        }
        // found running after a daemon restart: what the run directory and the record tell
        String accelWord = obj.status().accel();
        Accel a = accelWord == null ? Accel.TCG : Accel.valueOf(accelWord.toUpperCase(java.util.Locale.ROOT));
        return new LaunchContext(runtime.runDir(obj.uuid()), a, emulator);
    }

    /** The run directory a start of {@code def} would use (domxml-to-native). */
    Path pretendRunDir(DomainDef def) {
        return runtime.runDir(def.uuid());
    }

    /**
     * The launch context a start of {@code def} would get, without preparing anything: the
     * accelerator the host gives its type, the default emulator, this moment's clock
     * (domxml-to-native).
     */
    LaunchContext pretendContext(DomainDef def, Path runDir) {
        return new LaunchContext(runDir, accel.choose(def.type()).accel(), emulator)
                .withClock(Clock.systemDefaultZone(), null);
    }

    /** The QEMU event receiver of a domain: power events, the guest's other notices, then device events. */
    private Consumer<MonitorEvent> eventsOf(DomainObj obj) {
        return ev -> {
            power.onEvent(obj, ev);
            notices.onEvent(obj, ev);
            deviceEvents.onEvent(obj, ev);
        };
    }

    /** Installs the firmware plumbing (descriptor selection, UEFI variable stores). */
    void setFirmwarePlumbing(FirmwarePlumbing plumbing) {
        this.firmware = plumbing;
    }

    /** Installs where the host's SMBIOS strings come from, for {@code <smbios mode='host'>}. */
    void setHostSmbios(Supplier<SysinfoDef.Smbios> source) {
        this.hostSmbios = source;
    }

    /** Starts QEMU for {@code def}; on any failure nothing is left behind. Job lock held. */
    void start(DomainObj obj, DomainDef requested, boolean paused) {
        start(obj, requested, paused, StartPurpose.BOOT);
    }

    /**
     * Why QEMU is started: to boot the guest, or to load a snapshot's VM state into (the CPUs
     * then wait; the caller loads the state and resumes them, and the events and reasons say
     * "from snapshot").
     */
    enum StartPurpose {
        BOOT,
        FROM_SNAPSHOT,
        /** To stream an external snapshot's memory file into ({@code -incoming defer}). */
        FROM_SNAPSHOT_MEMORY,
        /** To load a save image into (restore, or start after a managed save). */
        RESTORE
    }

    /** Starts QEMU for {@code def} for {@code purpose}; on any failure nothing is left behind. Job lock held. */
    void start(DomainObj obj, DomainDef requested, boolean paused, StartPurpose purpose) {
        if (obj.status().active()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is already running.");
        }
        long t0 = System.nanoTime();
        DomainDef withDisks = plumbing.disks(obj.name(), requested);
        FirmwarePlumbing.Prepared fw;
        try {
            fw = firmware.prepare(obj.name(), withDisks);
        } catch (RuntimeException e) {
            plumbing.releaseDisks(obj.name(), withDisks);
            throw e;
        }
        DomainDef withFirmware = fw.live();
        AccelChooser.Choice choice;
        Path runDir;
        DomainTuning.Prepared memory = null;
        try {
            HostChecks.beforeStart(withFirmware);
            DomainHelpers h = helpers;
            StartChecks.check(withFirmware, host,
                    fs -> h == null ? VirtiofsdCommand.DEFAULT_BINARY : h.virtiofsdFor(fs));
            DisplayHostChecks.beforeStart(withFirmware, DisplayHostChecks.HostFiles.SYSTEM);
            choice = accel.choose(requested.type());
            runDir = runtime.prepare(obj.uuid());
            if (tuning != null) {
                memory = tuning.prepare(obj.name(), obj.uuid(), withFirmware, runDir);
                obj.tuning = new TuningState(null, memory.dirs().stream().map(Path::toString).toList(), List.of());
            }
        } catch (IOException e) {
            clearQuietly(obj);
            plumbing.releaseDisks(obj.name(), withDisks);
            firmware.undo(fw);
            throw new DaemonException(ErrorCode.INTERNAL, "cannot prepare the run directory of domain '"
                    + obj.name() + "': " + e.getMessage() + ".", e);
        } catch (RuntimeException e) {
            plumbing.releaseDisks(obj.name(), withDisks);
            firmware.undo(fw);
            clearQuietly(obj);
            throw e;
        }
        DomainPlumbing.Plugged plugged;
        try {
            plugged = plumbing.devices(obj.uuid(), obj.name(), withFirmware);
        } catch (RuntimeException e) {
            firmware.undo(fw);
            clearQuietly(obj);
            throw e;
        }
        DomainDef def = plugged.live();
        try {
            def = displays.prepare(obj.name(), def, runDir);
        } catch (RuntimeException e) {
            plugged.closeFds();
            undoStart(obj, def, fw);
            throw e;
        }
        QemuProcess q;
        int id = nextId.getAndIncrement();
        String accelWord = choice.accel().name().toLowerCase(java.util.Locale.ROOT);
        try {
            LaunchContext ctx = new LaunchContext(runDir, choice.accel(), emulator)
                    .withMemory(memory == null ? null : memory.memory()).withHost(plugged.handles())
                    .withIncoming(purpose == StartPurpose.RESTORE || purpose == StartPurpose.FROM_SNAPSHOT_MEMORY)
                    .withClock(Clock.systemDefaultZone(),
                            def.os().smbios() == OsDef.SmbiosMode.HOST ? hostSmbios.get() : null);
            QemuArgv.Plan plan = QemuArgv.plan(def, ctx);
            writeFiles(plan);
            contexts.put(obj.uuid(), ctx);
            obj.helpers = startHelpers(obj, def, ctx);
            q = launcher.spawn(plan.argv(), runDir, new SpawnExtras(plugged.fds(), QemuArgv.environment(def)));
        } catch (QemuLaunchException e) {
            undoStart(obj, def, fw);
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED,
                    "domain '" + obj.name() + "' failed to start: " + sentence(e.getMessage()), e);
        } catch (ArgvException e) {
            undoStart(obj, def, fw);
            throw new DaemonException(switch (e.kind()) {
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
                case CONFLICT -> ErrorCode.INVALID_DEFINITION;
            }, "domain '" + obj.name() + "' cannot start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            undoStart(obj, def, fw);
            throw e;
        } finally {
            // QEMU holds its own copies of the passed descriptors from here on (or never will)
            plugged.closeFds();
        }
        if (fw.note() != null) {
            LOG.info("domain " + obj.name() + ": " + fw.note());
        }
        // QEMU initializes for tens of milliseconds before its monitor answers: record the
        // process meanwhile (a restarted daemon finds it by this record)
        try {
            runtime.save(obj.uuid(), new RuntimeRecord(q.pid(), q.startTime(), id, accelWord, choice.note(), false,
                    obj.tuning, obj.agentTimeout == null ? null : obj.agentTimeout.seconds()),
                    DomainXml.format(def, Secrets.INCLUDE));
        } catch (IOException | RuntimeException e) {
            q.abandon();
            undoStart(obj, def, fw);
            throw new DaemonException(ErrorCode.INTERNAL, "domain '" + obj.name() + "' failed to start: its run "
                    + "record could not be written: " + e.getMessage() + ".", e);
        }
        try {
            q.awaitMonitor(MONITOR_TIMEOUT, eventsOf(obj));
        } catch (QemuLaunchException e) {
            undoStart(obj, def, fw);
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED,
                    "domain '" + obj.name() + "' failed to start: " + sentence(e.getMessage()), e);
        }
        q.watchRawEvents(ev -> monitorEvents.publish(obj, ev));
        long tQemu = System.nanoTime();
        try {
            obj.setQemu(q);
            obj.setLiveDef(def);
            obj.setStatus(new DomainStatus(DomainState.PAUSED, StateReason.STARTING_UP, id, q.pid(), accelWord, choice.note()));
            if (tuning != null) {
                applyTuning(obj, def, q);
            }
            showDisplayPorts(obj, q);
            for (StartupCommands.QmpCall call : StartupCommands.of(def)) {
                q.monitor().run(call.command(), call.arguments());
            }
            if (!paused && purpose == StartPurpose.BOOT) {
                q.monitor().cont();
            }
        } catch (RuntimeException e) {
            q.stop(STOP_GRACE);
            obj.setQemu(null);
            obj.setLiveDef(null);
            obj.setStatus(DomainStatus.shutoff(StateReason.FAILED));
            undoStart(obj, def, fw);
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name()
                    + "' failed to start: " + sentence(e.getMessage()), e);
        }
        boolean cpusWait = paused || purpose != StartPurpose.BOOT;
        obj.setStatus(new DomainStatus(cpusWait ? DomainState.PAUSED : DomainState.RUNNING, switch (purpose) {
            case BOOT -> paused ? StateReason.USER : StateReason.BOOTED;
            case FROM_SNAPSHOT, FROM_SNAPSHOT_MEMORY -> StateReason.FROM_SNAPSHOT;
            case RESTORE -> StateReason.RESTORED;
        }, id, q.pid(), accelWord, choice.note()));
        watch(obj, q);
        long tEnd = System.nanoTime();
        LOG.info("domain " + obj.name() + " started as id " + id + ", pid " + q.pid() + " under " + accelWord
                + " in " + (tEnd - t0) / 1_000_000 + " ms (QEMU answered QMP after " + (tQemu - t0) / 1_000_000 + " ms)");
        if (choice.note() != null) {
            LOG.fine("domain " + obj.name() + ": " + choice.note());
        }
        switch (purpose) {
            case BOOT -> {
                events.publish(obj, DomainLifecycle.STARTED_BOOTED);
                if (paused) {
                    events.publish(obj, DomainLifecycle.SUSPENDED_PAUSED);
                }
            }
            case FROM_SNAPSHOT, FROM_SNAPSHOT_MEMORY -> events.publish(obj, DomainLifecycle.STARTED_FROM_SNAPSHOT);
            case RESTORE -> events.publish(obj, DomainLifecycle.STARTED_RESTORED);
        }
    }

    /** Writes the ports QEMU's VNC and SPICE servers listen on into the live definition and run record. */
    private void showDisplayPorts(DomainObj obj, QemuProcess q) {
        DomainDef live = obj.liveDef();
        boolean vnc = live.devices().graphics().stream().anyMatch(g -> g instanceof GraphicsDef.Vnc);
        boolean spice = live.devices().graphics().stream().anyMatch(g -> g instanceof GraphicsDef.Spice);
        if (!vnc && !spice) {
            return;
        }
        DomainDef shown = DisplayPlumbing.withPorts(live, q.monitor().queryDisplayPorts(vnc, spice));
        if (shown != live) {
            obj.setLiveDef(shown);
            try {
                saveRecord(obj);
            } catch (IOException e) {
                throw new UncheckedIOException("the live definition with the display ports could not be written", e);
            }
        }
    }

    /**
     * Plugs the hotpluggable vCPUs and pins, schedules and places QEMU's threads, then records
     * the cgroup and the report in the run record. Job lock held; QEMU is still paused.
     */
    private void applyTuning(DomainObj obj, DomainDef def, QemuProcess q) {
        DomainTuning.Applied a = tuning.apply(obj.name(), def, q.pid(), q.monitor());
        obj.tuning = new TuningState(a.cgroup() == null ? null : a.cgroup().toString(), obj.tuning.dirs(),
                a.report().lines());
        a.report().lines().forEach(l -> LOG.fine("domain " + obj.name() + ": " + l));
        try {
            saveRecord(obj);
        } catch (IOException e) {
            LOG.warning("cannot record the tuning of domain " + obj.name() + ": " + e.getMessage());
        }
    }

    private void watch(DomainObj obj, QemuProcess q) {
        q.exited().thenAcceptAsync(exit -> onExit(obj, q, exit), background);
    }

    /** Finds a domain's QEMU again after a daemon restart; false when it is gone. */
    boolean reattach(DomainObj obj, DomainDef live, RuntimeRecord r) {
        Path dir = runtime.runDir(obj.uuid());
        Optional<QemuProcess> found;
        try {
            found = launcher.reattach(r.pid(), r.startTime(), dir, Duration.ofSeconds(5), eventsOf(obj));
        } catch (QemuLaunchException e) {
            LOG.warning("domain " + obj.name() + ": " + e.getMessage());
            found = Optional.empty();
        }
        obj.tuning = r.tuning();
        found.ifPresent(q -> q.watchRawEvents(ev -> monitorEvents.publish(obj, ev)));
        if (found.isEmpty()) {
            String said = LogTail.of(dir.resolve(QemuInstance.LOG), 2);
            plumbing.unplug(obj.uuid(), obj.name(), live);
            clearQuietly(obj);
            obj.setStatus(DomainStatus.shutoff(said.contains("terminating on signal") ? StateReason.DESTROYED
                    : StateReason.UNKNOWN));
            return false;
        }
        QemuProcess q = found.get();
        plumbing.adopt(obj.uuid(), obj.name(), live);
        nextId.accumulateAndGet(r.id() + 1, Math::max);
        QemuMonitor.RunState state;
        try {
            state = q.monitor().queryStatus();
        } catch (RuntimeException e) {
            state = QemuMonitor.RunState.RUNNING;
        }
        obj.setQemu(q);
        obj.setLiveDef(live);
        obj.rebootPending = r.rebootPending();
        obj.agentTimeout = r.agentTimeout() == null ? null : new AgentTimeout(r.agentTimeout());
        obj.setStatus(new DomainStatus(switch (state) {
            case RUNNING -> DomainState.RUNNING;
            case PAUSED -> DomainState.PAUSED;
            case SHUTDOWN -> DomainState.SHUTDOWN;
        }, switch (state) {
            case RUNNING -> StateReason.BOOTED;
            case PAUSED, SHUTDOWN -> StateReason.USER;
        }, r.id(), r.pid(), r.accel(), r.accelNote()));
        watch(obj, q);
        deviceEvents.afterReattach(obj);
        if (state == QemuMonitor.RunState.SHUTDOWN) {
            // the guest powered off while the daemon was away and QEMU waits (-no-shutdown)
            power.poweredOffWhileAway(obj, q);
        }
        return true;
    }

    /** Destroys the domain's QEMU and waits until it is gone. Job lock held. */
    void destroy(DomainObj obj) {
        QemuProcess q = requireActive(obj);
        stopAndFinish(obj, q);
    }

    /**
     * virsh's {@code destroy --graceful}: SIGTERM only, so QEMU flushes its disks and ends on its
     * own; when it has not ended after the grace period it keeps running and the call fails.
     * Job lock held.
     */
    void destroyGracefully(DomainObj obj) {
        QemuProcess q = requireActive(obj);
        QemuExit exit = q.terminate(STOP_GRACE);
        if (exit == null) {
            throw new DaemonException(ErrorCode.TIMEOUT, "QEMU of domain '" + obj.name() + "' did not end within "
                    + STOP_GRACE.toSeconds() + " s of SIGTERM and still runs; destroy it without --graceful to kill "
                    + "it.");
        }
        finish(obj, q, exit, null);
    }

    /** Stops {@code q} (SIGTERM, then SIGKILL) and handles its end. Job lock held. */
    void stopAndFinish(DomainObj obj, QemuProcess q) {
        QemuExit exit = q.stop(STOP_GRACE);
        finish(obj, q, exit == null ? new QemuExit(false, false, ShutdownCause.NONE, true, null) : exit, null);
    }

    /**
     * Stops the domain's QEMU for a snapshot (a revert, or a snapshot taken with --halt): shut
     * off "from snapshot" with libvirt's stopped-from-snapshot event, never restarted, and a
     * transient domain stays known (the revert goes on with it). Job lock held.
     */
    void stopForSnapshot(DomainObj obj) {
        QemuProcess q = requireActive(obj);
        QemuExit exit = q.stop(STOP_GRACE);
        finish(obj, q, exit == null ? new QemuExit(false, false, ShutdownCause.NONE, true, null) : exit,
                Ending.FROM_SNAPSHOT);
    }

    /**
     * Stops the domain's QEMU after its memory went to a save image: shut off "saved" with
     * libvirt's stopped-saved event, never restarted. Job lock held.
     */
    void stopSaved(DomainObj obj) {
        QemuProcess q = requireActive(obj);
        QemuExit exit = q.stop(STOP_GRACE);
        finish(obj, q, exit == null ? new QemuExit(false, false, ShutdownCause.NONE, true, null) : exit,
                Ending.SAVED);
    }

    /**
     * Moves a running domain's image locks from one live definition to the next (a snapshot
     * put overlays on its disks, or a commit took them away). Job lock held.
     */
    void relockDisks(DomainObj obj, DomainDef before, DomainDef after) {
        plumbing.relockDisks(obj.name(), before, after);
    }

    /**
     * Runs monitor commands on the running domain; a monitor failure becomes
     * HYPERVISOR_FAILED. Job lock held.
     */
    void monitor(DomainObj obj, Consumer<QemuMonitor> commands) {
        QemuProcess q = requireActive(obj);
        try {
            commands.accept(q.monitor());
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the running domain's run record and live definition (with its current reboot
     * mark). Job lock held.
     */
    void saveRecord(DomainObj obj) throws IOException {
        QemuProcess q = requireActive(obj);
        DomainStatus s = obj.status();
        runtime.save(obj.uuid(), new RuntimeRecord(q.pid(), q.startTime(), s.id(), s.accel(), s.accelNote(),
                obj.rebootPending, obj.tuning, obj.agentTimeout == null ? null : obj.agentTimeout.seconds()),
                DomainXml.format(obj.liveDef(), Secrets.INCLUDE));
    }

    QemuProcess requireActive(DomainObj obj) {
        QemuProcess q = obj.qemu();
        if (q == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not running.");
        }
        return q;
    }

    /**
     * Waits until {@code q} has exited and its exit is fully handled (state settled, run
     * directory removed). Must be called without the job lock.
     *
     * @return false when it did not exit within {@code timeout}
     */
    boolean awaitExit(DomainObj obj, QemuProcess q, Duration timeout) throws InterruptedException {
        QemuExit exit;
        try {
            exit = q.exited().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        onExit(obj, q, exit);
        return true;
    }

    private void onExit(DomainObj obj, QemuProcess q, QemuExit exit) {
        obj.job.lock();
        try {
            if (obj.qemu() == q) {
                finish(obj, q, exit, null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "domain " + obj.name() + ": handling QEMU's exit failed", e);
        } finally {
            obj.job.unlock();
        }
    }

    /** Records that QEMU has ended, cleans up, and applies on_poweroff/on_reboot/on_crash. Job lock held. */
    private void finish(DomainObj obj, QemuProcess q, QemuExit exit, Ending forced) {
        DomainDef def = obj.liveDef();
        Ending ending = forced != null ? forced : Ending.of(exit);
        StateReason reason = ending.reason();
        obj.setQemu(null);
        obj.setLiveDef(null);
        obj.helpers.stop();
        obj.helpers = DomainHelpers.Running.NONE;
        if (def != null) {
            plumbing.unplug(obj.uuid(), obj.name(), def);
        }
        displays.release(obj.name());
        clearQuietly(obj);
        obj.setStatus(DomainStatus.shutoff(reason));
        obj.rebootPending = false;
        obj.pausedForReboot = false;
        CompletableFuture<Void> waiting = obj.guestWentDown;
        if (waiting != null) {
            waiting.complete(null);
        }
        events.publish(obj, ending.event());
        LOG.info("domain " + obj.name() + " stopped (" + reason.word() + ", QEMU reason "
                + exit.shutdownReason().word() + ", exit code " + exit.exitCode() + ")");
        boolean restart = switch (ending) {
            // a guest reset only ends QEMU when on_reboot=destroy (-no-reboot): then it stays off
            case SHUTDOWN -> exit.shutdownReason() != ShutdownCause.GUEST_RESET
                    && DefFacts.isRestart(DefFacts.onPoweroff(def));
            case CRASHED -> DefFacts.isRestart(DefFacts.onCrash(def));
            case DESTROYED, FROM_SNAPSHOT, SAVED -> false;
        };
        if (restart && def != null) {
            DomainDef next = obj.persistentDef() != null ? obj.persistentDef() : def;
            try {
                // a transient domain an older jvirt started has a live definition without addresses
                next = AddressAssigner.assign(next);
            } catch (AddressException e) {
                LOG.warning("domain " + obj.name() + ": its device addresses cannot be assigned: " + e.getMessage());
            }
            try {
                start(obj, next, false);
                return;
            } catch (DaemonException e) {
                LOG.warning("domain " + obj.name() + " could not be restarted: " + e.getMessage());
            }
        }
        if (!obj.persistent() && ending != Ending.FROM_SNAPSHOT) {
            removal.removeTransient(obj, def);
        }
    }

    /** Writes the files QEMU reads at start (secret objects) with mode 0600. */
    private static void writeFiles(QemuArgv.Plan plan) {
        try {
            for (Map.Entry<Path, String> f : plan.files().entrySet()) {
                PrivateFiles.createDirectories(f.getKey().getParent());
                PrivateFiles.createFile(f.getKey());
                Files.writeString(f.getKey(), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "cannot write the files QEMU reads at start: "
                    + e.getMessage() + ".", e);
        }
    }

    private DomainHelpers.Running startHelpers(DomainObj obj, DomainDef def, LaunchContext ctx) {
        DomainHelpers h = helpers;
        boolean needed = def.devices().filesystems().stream().anyMatch(FilesystemDef::needsVirtiofsd)
                || def.devices().tpm() != null && def.devices().tpm().backend() instanceof TpmDef.Emulator;
        if (!needed) {
            return DomainHelpers.Running.NONE;
        }
        if (h == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "domain '" + obj.name() + "' needs helper processes "
                    + "(virtiofsd or swtpm), which this daemon was not set up to run.");
        }
        return h.start(obj.name(), obj.uuid(), def, ctx);
    }

    /**
     * Undoes what a start did before QEMU ran: helpers, network cards, host devices, disk locks,
     * display ports, a new variable store, the run directory.
     */
    private void undoStart(DomainObj obj, DomainDef def, FirmwarePlumbing.Prepared fw) {
        obj.helpers.stop();
        obj.helpers = DomainHelpers.Running.NONE;
        plumbing.unplug(obj.uuid(), obj.name(), def);
        displays.release(obj.name());
        firmware.undo(fw);
        clearQuietly(obj);
    }

    /** Removes QEMU's cgroup, its memory directories and the run directory. Never throws. */
    private void clearQuietly(DomainObj obj) {
        TuningState t = obj.tuning;
        obj.tuning = TuningState.NONE;
        if (tuning != null) {
            tuning.release(t.cgroupPath(), t.dirPaths());
        }
        try {
            runtime.clear(obj.uuid());
        } catch (IOException e) {
            LOG.warning("cannot remove the run directory of domain " + obj.name() + ": " + e.getMessage());
        }
    }

    /** The run directory (sockets, logs) of a running domain; INVALID_STATE when it is not running. */
    Path runDir(DomainObj obj) {
        requireActive(obj);
        return runtime.runDir(obj.uuid());
    }

    /** How a QEMU ended, as the shut-off reason and the stopped event say it. */
    private enum Ending {
        DESTROYED(StateReason.DESTROYED, DomainLifecycle.STOPPED_DESTROYED),
        SHUTDOWN(StateReason.SHUTDOWN, DomainLifecycle.STOPPED_SHUTDOWN),
        CRASHED(StateReason.CRASHED, DomainLifecycle.STOPPED_CRASHED),
        /** Stopped for a snapshot: a revert, or --halt. */
        FROM_SNAPSHOT(StateReason.FROM_SNAPSHOT, DomainLifecycle.STOPPED_FROM_SNAPSHOT),
        /** Its memory went to a save image (save, managedsave). */
        SAVED(StateReason.SAVED, DomainLifecycle.STOPPED_SAVED);

        private final StateReason reason;
        private final DomainLifecycle event;

        Ending(StateReason reason, DomainLifecycle event) {
            this.reason = reason;
            this.event = event;
        }

        StateReason reason() {
            return reason;
        }

        DomainLifecycle event() {
            return event;
        }

        static Ending of(QemuExit exit) {
            if (exit.stopRequested()) {
                return DESTROYED;
            }
            if (exit.shutdownSeen()) {
                return exit.guestInitiated() ? SHUTDOWN : DESTROYED;
            }
            return CRASHED;
        }
    }

    /** Ends a message with exactly one period. */
    static String sentence(String s) {
        String t = s == null ? "unknown error" : s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t + ".";
    }
}
