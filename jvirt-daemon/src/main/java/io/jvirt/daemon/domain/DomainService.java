package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.DomainDisplay;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.AgentService;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.inspect.ProcHostReadings;
import io.jvirt.daemon.job.FaultHook;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.daemon.tuning.DomainTuning;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.firmware.MachineAliases;
import io.jvirt.qemu.address.AddressException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.helper.VirtiofsdCommand;
import io.jvirt.qemu.process.QemuLauncher;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.QemuMonitor;

import io.jvirt.conf.domain.SysinfoDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The domain driver of jvirtd: executes {@link DomainCommand}s and answers queries.
 *
 * <p>Locking: each domain's job lock serializes its lifecycle; the registry's insert lock
 * is held only for the uniqueness check. No lock is held across another domain's job, and
 * queries take no lock at all.
 */
public final class DomainService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DomainService.class.getName());
    private static final Pattern HAS_UUID = Pattern.compile("<uuid[\\s>]");

    private final DomainRegistry registry = new DomainRegistry();
    private final DefinitionStore defs;
    private final RuntimeStore runtime;
    private final EventBus events;
    private final HostFacts host;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final DomainRunner runner;
    private final GuestSuspend suspends;
    private volatile DomainHelpers helpers;
    private final ConsoleSessions consoles = new ConsoleSessions();
    private final HotplugService hotplug;
    private final InspectService inspect;
    private final AgentService agent;
    private final AgentTimeouts agentTimeouts;
    private final NativeConfigs natives;
    private volatile SnapshotService snapshots;
    private volatile SaveService saves;
    private volatile DumpJob dumps;
    private volatile BlockJobService blockJobs;
    private volatile FirmwarePlumbing firmware = FirmwarePlumbing.NONE;
    private volatile Supplier<MachineAliases> machines = () -> null;

    public DomainService(DefinitionStore defs, RuntimeStore runtime, EventBus events, HostFacts host,
                         AccelChooser accel, String emulator) {
        this(defs, runtime, events, host, accel, emulator, QemuLauncher.SYSTEM);
    }

    /** A service whose QEMU processes come from {@code launcher} (tests pass fakes). */
    public DomainService(DefinitionStore defs, RuntimeStore runtime, EventBus events, HostFacts host,
                         AccelChooser accel, String emulator, QemuLauncher launcher) {
        this.defs = defs;
        this.runtime = runtime;
        this.events = events;
        this.host = host;
        this.runner = new DomainRunner(runtime, launcher, accel, emulator, events, background, this::removeTransient);
        this.hotplug = new HotplugService(runner, registry, defs, events, background);
        runner.setDeviceEvents(hotplug);
        this.inspect = new InspectService(registry, runner, new ProcHostReadings());
        AgentChannels agentChannels = new AgentChannels(registry, runner);
        this.suspends = new GuestSuspend(agentChannels);
        this.agent = new AgentService(agentChannels, agentChannels);
        this.agentTimeouts = new AgentTimeouts(registry, runner);
        this.natives = new NativeConfigs(registry, runner, xml -> assign(parse(xml)));
    }

    /**
     * Lets domains have helper processes (virtiofsd, swtpm) and checks the host before each
     * start; call before {@link #load()}.
     *
     * @param stateDir the daemon's state directory (TPM states are kept in {@code tpm/})
     */
    public void setHelpers(Path stateDir) {
        this.helpers = new DomainHelpers(stateDir, HelperLauncher.SYSTEM, VirtiofsdCommand.DEFAULT_BINARY);
        runner.setHelpers(helpers, StartChecks.Host.SYSTEM);
    }

    /**
     * A transient domain has stopped for good: it leaves the registry, and its TPM state goes
     * unless {@code persistent_state='yes'} keeps it (or undefine asked to keep it).
     */
    private void removeTransient(DomainObj obj, DomainDef last) {
        registry.remove(obj);
        if (snapshots != null && obj.snapshotCount() > 0) {
            snapshots.forget(obj);
        }
        TpmDef tpm = last == null ? null : last.devices().tpm();
        boolean keep = tpm != null && tpm.backend() instanceof TpmDef.Emulator e && e.persistentState()
                && !obj.dropTpmWhenGone;
        if (helpers != null && !keep && (obj.dropTpmWhenGone || tpm != null)) {
            removeTpmState(obj);
        }
    }

    private void removeTpmState(DomainObj obj) {
        try {
            helpers.removeTpmState(obj.uuid());
        } catch (IOException e) {
            LOG.warning("cannot remove the TPM state of domain " + obj.name() + ": " + e.getMessage());
        }
    }

    /**
     * Gives domains snapshots and durable jobs, kept under {@code stateDir}; call before
     * {@link #load()}.
     */
    public void setSnapshots(Path stateDir) throws IOException {
        this.snapshots = new SnapshotService(registry, runner, events, defs, stateDir, FaultHook.fromEnvironment());
        this.saves = new SaveService(registry, runner, events, snapshots, stateDir);
        this.dumps = new DumpJob(runner, snapshots.jobs());
        this.blockJobs = new BlockJobService(registry, runner, events, defs, stateDir, FaultHook.fromEnvironment());
    }

    /** The block jobs (blockcommit, blockpull, blockcopy, blockjob). */
    public BlockJobService blockJobs() {
        if (blockJobs == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "this jvirtd keeps no block job records.");
        }
        return blockJobs;
    }

    /** The save driver (managed save queries); commands go through {@link #execute(SaveCommand)}. */
    public SaveService saves() {
        if (saves == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "this jvirtd keeps no save images.");
        }
        return saves;
    }

    /** The snapshot driver (its queries); commands go through {@link #execute(SnapshotCommand)}. */
    public SnapshotService snapshots() {
        if (snapshots == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "this jvirtd keeps no snapshots.");
        }
        return snapshots;
    }

    /** Installs the network driver's plumbing for guest network cards; call before {@link #load()}. */
    public void setNicPlumbing(NicPlumbing plumbing) {
        runner.setNicPlumbing(plumbing);
    }

    /** Gives displays that listen on a libvirt network the network's address; call before {@link #load()}. */
    public void setDisplayNetworks(DisplayNetworks addresses) {
        runner.setDisplayNetworks(addresses);
    }

    /** Installs the storage driver's plumbing for disks (volumes, image locks); call before {@link #load()}. */
    public void setDiskPlumbing(DiskPlumbing plumbing) {
        runner.setDiskPlumbing(plumbing);
    }

    /** Installs the host's placement and tuning (pins, schedulers, cgroup, huge pages). */
    public void setTuning(DomainTuning tuning) {
        runner.setTuning(tuning);
    }

    /** Installs the host device plumbing (checks, VFIO binding, USB and SCSI lookup). */
    public void setHostdevPlumbing(HostdevPlumbing plumbing) {
        runner.setHostdevPlumbing(plumbing);
    }

    /** Installs the firmware plumbing (descriptor selection, UEFI variable stores); call before {@link #load()}. */
    public void setFirmwarePlumbing(FirmwarePlumbing plumbing) {
        this.firmware = plumbing;
        runner.setFirmwarePlumbing(plumbing);
    }

    /**
     * Installs QEMU's machine type aliases: a definition naming {@code pc} or {@code q35}, or no
     * machine type, is defined with the versioned type it stands for ({@code pc-q35-7.2}), as
     * libvirt does, so that the guest keeps its machine when QEMU is upgraded.
     */
    public void setMachineAliases(Supplier<MachineAliases> aliases) {
        this.machines = aliases;
    }

    /** Installs where the host's SMBIOS strings come from, for {@code <smbios mode='host'>}. */
    public void setHostSmbios(Supplier<SysinfoDef.Smbios> source) {
        runner.setHostSmbios(source);
    }

    /** Loads stored definitions and reattaches to domains that kept running while the daemon was away. */
    public void load() throws IOException {
        for (Map.Entry<String, String> e : defs.loadAll().entrySet()) {
            DomainDef def;
            try {
                def = DomainXml.parse(e.getValue());
            } catch (ConfException bad) {
                LOG.warning("ignoring " + defs.fileOf(e.getKey()) + ": " + bad.getMessage());
                continue;
            }
            def = withAddresses(def, defs.fileOf(e.getKey()).toString());
            DomainObj obj = registry.reserve(def.name(), def.uuid()).obj();
            obj.setPersistentDef(def);
            obj.setAutostart(defs.autostart(def.name()));
            obj.setStatus(DomainStatus.shutoff(StateReason.UNKNOWN));
            obj.visible = true;
        }
        List<Future<?>> pending = new ArrayList<>();
        for (RuntimeStore.Found f : runtime.loadAll()) {
            pending.add(background.submit(() -> reattach(f)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException ee) {
                LOG.warning("reattaching a domain failed: " + ee.getCause());
            }
        }
        if (snapshots != null) {
            snapshots.load(registry.all());
        }
        if (blockJobs != null) {
            blockJobs.load();
        }
    }

    private void reattach(RuntimeStore.Found f) {
        DomainDef live;
        try {
            live = DomainXml.parse(f.liveXml());
        } catch (ConfException bad) {
            LOG.warning("ignoring run directory " + f.dir() + ": " + bad.getMessage());
            return;
        }
        DomainObj obj = registry.byUuid(f.uuid());
        if (obj == null) {
            obj = registry.reserve(live.name(), live.uuid()).obj();
            obj.visible = true;
        }
        obj.job.lock();
        try {
            boolean running = runner.reattach(obj, live, f.record());
            if (running) {
                InspectService.restoreTaint(obj, f.dir());
            }
            LOG.info("domain " + obj.name() + (running ? " is still running (pid " + f.record().pid() + ")"
                    : " ended while the daemon was away"));
            if (!running && !obj.persistent()) {
                registry.remove(obj);
            }
        } finally {
            obj.job.unlock();
        }
    }

    /** Starts the domains marked autostart that are not running. */
    public void autostart() {
        for (DomainObj d : registry.all()) {
            if (d.autostart() && !d.status().active()) {
                background.submit(() -> {
                    try {
                        execute(new DomainCommand.Start(d.name(), false));
                    } catch (DaemonException e) {
                        LOG.warning("autostart of domain " + d.name() + " failed: " + e.getMessage());
                    }
                });
            }
        }
    }

    /** Executes one command and returns the domain it acted on. */
    public DomainObj execute(DomainCommand command) {
        return switch (command) {
            case DomainCommand.Define d -> define(d.xml());
            case DomainCommand.Create c -> create(c.xml(), c.paused());
            case DomainCommand.Undefine u -> undefine(u.ref(), u.nvram(), u.keepTpm(), u.snapshotsMetadata(),
                    u.managedSave());
            case DomainCommand.Start s -> locked(s.ref(), obj -> {
                if (obj.persistentDef() == null) {
                    throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is already running.");
                }
                if (saves != null && saves.hasManagedSave(obj)) {
                    if (s.forceBoot()) {
                        saves.managedSaveRemove(obj);
                    } else {
                        saves.startManaged(obj, s.paused());
                        return;
                    }
                }
                runner.start(obj, addressed(obj), s.paused());
            });
            case DomainCommand.Shutdown s -> shutdown(s.ref(), s.timeout(), s.modes());
            case DomainCommand.Destroy d -> locked(d.ref(), d.graceful() ? runner::destroyGracefully : runner::destroy);
            case DomainCommand.Reboot r -> reboot(r.ref(), r.modes());
            case DomainCommand.Reset r -> locked(r.ref(), obj -> runner.power().reset(obj));
            case DomainCommand.Suspend s -> locked(s.ref(), obj -> {
                if (obj.status().state() == DomainState.PAUSED) {
                    throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is already paused.");
                }
                runner.monitor(obj, QemuMonitor::stop);
                obj.setStatus(obj.status().with(DomainState.PAUSED, StateReason.USER));
                events.publish(obj, DomainLifecycle.SUSPENDED_PAUSED);
            });
            case DomainCommand.Resume r -> locked(r.ref(), obj -> {
                if (obj.status().state() != DomainState.PAUSED) {
                    throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not paused.");
                }
                runner.monitor(obj, QemuMonitor::cont);
                obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.UNPAUSED));
                events.publish(obj, DomainLifecycle.RESUMED_UNPAUSED);
            });
            case DomainCommand.PmSuspend p -> pmSuspend(p);
            case DomainCommand.PmWakeup w -> locked(w.ref(), obj -> {
                if (obj.status().state() != DomainState.PMSUSPENDED) {
                    throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not suspended "
                            + "by its guest (its state is " + obj.status().state().label() + "); only a guest that "
                            + "suspended itself to RAM (dompmsuspend, or the guest's own suspend) can be woken up.");
                }
                runner.monitor(obj, QemuMonitor::systemWakeup); // the WAKEUP event makes it running
            });
            case DomainCommand.SetAutostart a -> locked(a.ref(), obj -> setAutostart(obj, a.enabled()));
            case DomainCommand.Hotplug h -> locked(h.ref(), obj -> hotplug.execute(obj, h.command()));
            case DomainCommand.CopyState c -> locked(c.ref(), obj -> {
                DomainObj from = registry.lookup(c.from());
                CloneState.copy(from, obj, firmware.nvram(from.currentDef()), firmware.nvram(obj.currentDef()),
                        helpers);
            });
        };
    }

    /** Executes one snapshot command under the domain's job lock; returns the snapshot's name. */
    public String execute(SnapshotCommand command) {
        SnapshotService service = snapshots();
        AtomicReference<String> name = new AtomicReference<>();
        locked(command.ref(), obj -> name.set(service.execute(obj, command)));
        return name.get();
    }

    /** Executes one save command; returns the domain it acted on (null for save-image-define). */
    public DomainObj execute(SaveCommand command) {
        SaveService service = saves();
        return switch (command) {
            case SaveCommand.Save s -> locked(s.ref(), obj -> service.save(obj, Path.of(s.file()), s.xml(), s.flags()));
            case SaveCommand.ManagedSave s -> locked(s.ref(), obj -> service.managedSave(obj, s.flags()));
            case SaveCommand.ManagedSaveRemove r -> locked(r.ref(), service::managedSaveRemove);
            case SaveCommand.Restore r -> restore(service, Path.of(r.file()).toAbsolutePath(), r.xml(), r.flags());
            case SaveCommand.ImageDefine d -> {
                service.imageDefine(Path.of(d.file()), d.xml(), d.flags());
                yield null;
            }
            case SaveCommand.Dump d -> locked(d.ref(), obj -> dumps.dump(obj, Path.of(d.file()).toAbsolutePath(),
                    d.format()));
        };
    }

    /** Restores a save image into its domain: the defined one with its UUID, or a new transient one. */
    private DomainObj restore(SaveService service, Path file, String xml, Set<SaveCommand.Flag> flags) {
        SaveImage img = SaveImage.read(file);
        DomainDef def = SaveService.imageDef(img, xml, file);
        boolean running = SaveService.runAfter(img, flags);
        DomainObj existing = registry.byUuid(def.uuid());
        if (existing != null && !existing.name().equals(def.name())) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "The save image " + file + " is of domain '"
                    + def.name() + "', but its UUID belongs to domain '" + existing.name() + "'. Nothing was changed.");
        }
        DomainRegistry.Reservation r = registry.reserve(def.name(), def.uuid());
        DomainObj obj = r.obj();
        obj.job.lock();
        try {
            if (!r.created() && obj.visible && obj.status().active()) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is running; it cannot "
                        + "be restored from " + file + " until it stops.");
            }
            try {
                obj.visible = true;
                service.restoreInto(obj, file, def, running, false, flags.contains(SaveCommand.Flag.BYPASS_CACHE));
            } catch (RuntimeException e) {
                if (r.created()) {
                    registry.remove(obj);
                }
                throw e;
            }
            return obj;
        } finally {
            obj.job.unlock();
        }
    }

    private interface Job {
        void run(DomainObj obj);
    }

    private DomainObj locked(String ref, Job job) {
        DomainObj obj = registry.lookup(ref);
        obj.job.lock();
        try {
            if (!obj.visible) {
                throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + ref + "' does not exist.");
            }
            job.run(obj);
            return obj;
        } finally {
            obj.job.unlock();
        }
    }

    private DomainDef parse(String xml) {
        DomainDef def;
        try {
            def = DomainXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
        try {
            return firmware.atDefine(canonicalMachine(def));
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    /** The definition with its machine type alias (or none) replaced by the type it stands for. */
    private DomainDef canonicalMachine(DomainDef def) {
        MachineAliases aliases = machines.get();
        if (aliases == null) {
            return def;
        }
        String machine = aliases.canonical(def.os().machine());
        return machine.equals(def.os().machine()) ? def : def.withOs(def.os().withMachine(machine));
    }

    /**
     * Gives a new or changed definition its controllers and device addresses, as libvirt does
     * at define time: addresses it has stay, the rest are assigned once and stored with it.
     */
    private static DomainDef assign(DomainDef def) {
        try {
            return AddressAssigner.assign(def);
        } catch (AddressException e) {
            ErrorCode code = switch (e.kind()) {
                case CONFLICT, FULL -> ErrorCode.INVALID_DEFINITION;
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            };
            throw new DaemonException(code, "domain '" + def.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * A definition loaded from disk: one stored by a jvirt that did not assign addresses gets
     * them now, and is stored again so that they stay; one that cannot be assigned is kept as
     * it is (starting it then says why).
     */
    private DomainDef withAddresses(DomainDef def, String where) {
        DomainDef assigned;
        try {
            assigned = AddressAssigner.assign(def);
        } catch (AddressException e) {
            LOG.warning(where + ": its device addresses cannot be assigned: " + e.getMessage());
            return def;
        }
        if (assigned != def) {
            try {
                defs.save(def.name(), DomainXml.format(assigned, Secrets.INCLUDE));
                LOG.info(where + ": gave the definition its controllers and device addresses");
            } catch (IOException e) {
                LOG.warning(where + ": the assigned addresses could not be stored (they are assigned again at the "
                        + "next start): " + e.getMessage());
            }
        }
        return assigned;
    }

    /** The persistent definition to start, with its addresses (stored again if it lacked them). Job lock held. */
    private DomainDef addressed(DomainObj obj) {
        DomainDef def = obj.persistentDef();
        DomainDef assigned = assign(def);
        if (assigned != def) {
            try {
                defs.save(def.name(), DomainXml.format(assigned, Secrets.INCLUDE));
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "cannot save the addresses of domain '" + def.name()
                        + "' to " + defs.fileOf(def.name()) + ": " + e.getMessage() + ".", e);
            }
            obj.setPersistentDef(assigned);
        }
        return assigned;
    }

    private DomainObj define(String xml) {
        DomainDef def = parse(xml);
        if (!HAS_UUID.matcher(xml).find()) {
            DomainObj existing = registry.byName(def.name());
            if (existing != null) {
                def = def.withUuid(existing.uuid());
            }
        }
        def = assign(def);
        HostChecks.atDefine(def, host);
        checkMacsUnique(def);
        DomainRegistry.Reservation r = registry.reserve(def.name(), def.uuid());
        DomainObj obj = r.obj();
        obj.job.lock();
        try {
            defs.save(def.name(), DomainXml.format(def, Secrets.INCLUDE));
            obj.setPersistentDef(def);
            if (r.created() || !obj.visible) {
                obj.setStatus(DomainStatus.shutoff(StateReason.UNKNOWN));
                obj.visible = true;
            }
            events.publish(obj, r.created() ? DomainLifecycle.DEFINED_ADDED : DomainLifecycle.DEFINED_UPDATED);
            return obj;
        } catch (IOException e) {
            if (r.created()) {
                registry.remove(obj);
            }
            throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of domain '" + def.name()
                    + "' to " + defs.fileOf(def.name()) + ": " + e.getMessage() + ".", e);
        } finally {
            obj.job.unlock();
        }
    }

    private DomainObj create(String xml, boolean paused) {
        DomainDef def = assign(parse(xml));
        HostChecks.atDefine(def, host);
        checkMacsUnique(def);
        DomainRegistry.Reservation r = registry.reserve(def.name(), def.uuid());
        DomainObj obj = r.obj();
        obj.job.lock();
        try {
            if (!r.created() && obj.visible && obj.status().active()) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is already running.");
            }
            try {
                obj.visible = true;
                runner.start(obj, def, paused);
            } catch (DaemonException e) {
                if (r.created()) {
                    registry.remove(obj);
                }
                throw e;
            }
            return obj;
        } finally {
            obj.job.unlock();
        }
    }

    /**
     * Refuses a definition whose network card MAC another domain already uses: two guests
     * with one MAC on a network break each other's traffic in ways that are hard to see.
     */
    private void checkMacsUnique(DomainDef def) {
        if (def.devices().interfaces().isEmpty()) {
            return;
        }
        java.util.Set<String> mine = new java.util.HashSet<>();
        for (var n : def.devices().interfaces()) {
            mine.add(n.mac());
        }
        for (DomainObj other : registry.all()) {
            if (other.name().equals(def.name())) {
                continue;
            }
            for (DomainDef od : new DomainDef[] {other.persistentDef(), other.liveDef()}) {
                if (od == null) {
                    continue;
                }
                for (var n : od.devices().interfaces()) {
                    if (mine.contains(n.mac())) {
                        throw new DaemonException(ErrorCode.IN_USE, "the MAC address " + n.mac() + " of domain '"
                                + def.name() + "' is already used by domain '" + other.name()
                                + "'; give the interface another <mac address> or leave it out to get a new one.");
                    }
                }
            }
        }
    }

    private DomainObj undefine(String ref, DomainCommand.NvramPolicy nvramPolicy, boolean keepTpm,
                               boolean snapshotsMetadata, boolean managedSave) {
        return locked(ref, obj -> {
            if (obj.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                        + "' is transient; it goes away when it stops ('jvirt destroy " + obj.name() + "').");
            }
            Path nvram = firmware.nvram(obj.currentDef());
            boolean deleteNvram = false;
            if (nvram != null && Files.exists(nvram)) {
                switch (nvramPolicy) {
                    case REFUSE -> throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                            + "' has a UEFI variable store, " + nvram + "; undefine it with --nvram to delete the "
                            + "store too, or with --keep-nvram to keep it.");
                    case DELETE -> deleteNvram = true;
                    case KEEP -> {
                        // the store stays where it is
                    }
                }
            }
            boolean dropSave = saves != null && saves.hasManagedSave(obj);
            if (dropSave && !managedSave) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' has a managed save "
                        + "image and cannot be undefined; give --managed-save to remove it too, or start the "
                        + "domain first.");
            }
            boolean dropSnapshots = snapshots != null && snapshots.checkUndefine(obj, snapshotsMetadata);
            if (dropSave) {
                saves.managedSaveRemove(obj);
            }
            if (dropSnapshots) {
                snapshots.forget(obj);
            }
            try {
                defs.delete(obj.name());
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "cannot remove the definition file of domain '"
                        + obj.name() + "': " + e.getMessage() + ".", e);
            }
            if (deleteNvram) {
                try {
                    Files.deleteIfExists(nvram);
                } catch (IOException e) {
                    LOG.warning("domain " + obj.name() + " is undefined, but its UEFI variable store " + nvram
                            + " could not be deleted: " + e.getMessage());
                }
            }
            obj.setPersistentDef(null);
            obj.setAutostart(false);
            if (!obj.status().active()) {
                obj.visible = false;
                registry.remove(obj);
                if (!keepTpm && helpers != null) {
                    removeTpmState(obj);
                }
            } else {
                // it turns transient: its TPM state goes with it unless kept
                obj.dropTpmWhenGone = !keepTpm;
            }
            events.publish(obj, DomainLifecycle.UNDEFINED_REMOVED);
        });
    }

    private void setAutostart(DomainObj obj, boolean enabled) {
        if (!obj.persistent()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                    + "' is transient and cannot autostart; define it first.");
        }
        try {
            defs.setAutostart(obj.name(), enabled);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "cannot change autostart of domain '" + obj.name()
                    + "': " + e.getMessage() + ".", e);
        }
        obj.setAutostart(enabled);
    }

    private DomainObj pmSuspend(DomainCommand.PmSuspend p) {
        AtomicReference<GuestSuspend.Plan> plan = new AtomicReference<>();
        DomainObj obj = locked(p.ref(), o -> plan.set(suspends.plan(o, p.target(), p.duration())));
        // the guest takes a moment to go to sleep: wait for it without holding the job lock
        suspends.suspend(obj, plan.get());
        return obj;
    }

    private DomainObj reboot(String ref, Set<RebootMode> modes) {
        AtomicReference<GuestPower.AgentReboot> agent = new AtomicReference<>();
        DomainObj obj = locked(ref, o -> agent.set(runner.power().reboot(o, modes)));
        if (agent.get() != null) {
            // the guest agent may take a while: wait for the guest without holding the job lock
            runner.power().rebootWithAgent(obj, agent.get());
        }
        return obj;
    }

    private DomainObj shutdown(String ref, Duration timeout, Set<RebootMode> modes) {
        DomainObj obj = registry.lookup(ref);
        AtomicReference<QemuProcess> instance = new AtomicReference<>();
        AtomicReference<GuestPower.AgentReboot> agentOff = new AtomicReference<>();
        locked(ref, o -> {
            instance.set(runner.requireActive(o));
            agentOff.set(runner.power().shutdown(o, modes));
        });
        if (agentOff.get() != null) {
            // the guest agent may take a while: wait for the power-off without holding the job lock
            runner.power().rebootWithAgent(obj, agentOff.get());
        }
        if (timeout != null) {
            try {
                if (!runner.awaitExit(obj, instance.get(), timeout)) {
                    throw new DaemonException(ErrorCode.TIMEOUT, "domain '" + obj.name() + "' did not power off within "
                            + timeout.toSeconds() + " s; the guest may ignore ACPI: use 'jvirt destroy " + obj.name()
                            + "' to force it off.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for domain '" + obj.name() + "'.");
            }
        }
        return obj;
    }

    /** All domains, or only the active ones. */
    public List<DomainObj> list(boolean all) {
        List<DomainObj> out = registry.all();
        if (!all) {
            out.removeIf(d -> !d.status().active());
        }
        return out;
    }

    /** The hotplug and live-change queries ({@code dommemstat}, {@code vcpuinfo}, ...). */
    public HotplugService hotplug() {
        return hotplug;
    }

    /** Every running domain's QMP events as QEMU sent them ({@code qemu-monitor-event}). */
    public MonitorEventFeed monitorEvents() {
        return runner.monitorEvents;
    }

    /** The queries that look inside domains ({@code domstats}, {@code domblkstat}, {@code screenshot}, ...). */
    public InspectService inspect() {
        return inspect;
    }

    /** The guest agent verbs ({@code guestinfo}, {@code domfsfreeze}, {@code domtime}, ...). */
    public AgentService agent() {
        return agent;
    }

    /** {@code domxml-to-native}: the QEMU command line of a definition. */
    public NativeConfigs natives() {
        return natives;
    }

    /** {@code guest-agent-timeout}: the per-domain wait of the agent calls. */
    public AgentTimeouts agentTimeouts() {
        return agentTimeouts;
    }

    /** Whether the domain exists and is paused (the storage layer lets paused domains' images be copied). */
    public boolean isPaused(String name) {
        try {
            return registry.lookup(name).status().state() == DomainState.PAUSED;
        } catch (DaemonException gone) {
            return false;
        }
    }

    public DomainObj lookup(String ref) {
        return registry.lookup(ref);
    }

    /**
     * The domain's XML: live while running unless {@code inactive}; its secrets only when the
     * client asked for them ({@code dumpxml --security-info}, and {@code edit}, which must
     * not lose them).
     */
    public String xml(String ref, boolean inactive, Secrets secrets) {
        DomainObj obj = registry.lookup(ref);
        DomainDef def = inactive && obj.persistentDef() != null ? obj.persistentDef() : obj.currentDef();
        return DomainXml.format(withoutResolvedVolumes(def), secrets);
    }

    /**
     * The graphical displays of a running domain, with their passwords only when the client
     * asked for them ({@code domdisplay --include-password}).
     */
    public List<DomainDisplay> displays(String ref, Secrets secrets) {
        DomainObj obj = registry.lookup(ref);
        DomainDef live = obj.liveDef();
        if (live == null || !obj.status().active()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is not running.");
        }
        return DisplayViews.of(live, secrets);
    }

    /**
     * The definition as users see it: a volume disk shows its pool and volume only. The file
     * the daemon resolved it to stays in the live definition it keeps for itself (locks,
     * restarts), but libvirt's schema has no {@code file} attribute next to {@code pool} and
     * {@code volume}, and dumpxml must print valid libvirt XML.
     */
    static DomainDef withoutResolvedVolumes(DomainDef def) {
        if (def.devices().disks().stream().noneMatch(d -> d.volume() != null && d.volume().file() != null)) {
            return def;
        }
        List<io.jvirt.conf.domain.DiskDef> disks = def.devices().disks().stream()
                .map(d -> d.volume() == null || d.volume().file() == null ? d
                        : d.toBuilder().source(d.source().withLocation(new io.jvirt.conf.domain.DiskSource.Volume(
                                d.volume().pool(), d.volume().volume(), d.volume().mode(), null))).build())
                .toList();
        return def.withDevices(def.devices().withDisks(disks));
    }

    /**
     * Opens a session on a running domain's console (its first serial port, else its first
     * console). A domain has at most one session: another client's is refused with
     * CONSOLE_BUSY unless {@code force}, which ends it (the client learns it was taken over).
     */
    public ConsoleSession openConsole(String ref, boolean force) {
        DomainObj obj = registry.lookup(ref);
        Path socket = runner.runDir(obj).resolve(LaunchContext.CONSOLE_SOCKET);
        return consoles.open(obj, obj.liveDef(), socket, force);
    }

    /**
     * Ends every console session, telling its client that the daemon stops (call before the
     * API stops, so the clients still get the news); the domains keep running.
     */
    public void endConsoleSessions() {
        consoles.endAll();
    }

    /** The file QEMU copies a running domain's console output to. */
    public Path consoleLog(String ref) {
        DomainObj obj = registry.lookup(ref);
        Path runDir = runner.runDir(obj);
        String custom = DefFacts.consoleLogFile(obj.liveDef());
        return custom != null ? Path.of(custom) : runDir.resolve("console.log");
    }

    public int count() {
        return registry.size();
    }

    /** Stops background work and flushes the definition store; running domains are left alone. */
    @Override
    public void close() {
        endConsoleSessions();
        if (blockJobs != null) {
            blockJobs.close();
        }
        background.shutdownNow();
        try {
            defs.close();
        } catch (IOException e) {
            LOG.warning("closing the definition store failed (the journal replays at the next start): " + e.getMessage());
        }
    }
}
