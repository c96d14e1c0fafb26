package io.jvirt.daemon.domain;

import io.jvirt.api.BlockIoTune;
import io.jvirt.api.CpuPin;
import io.jvirt.api.InterfaceTune;
import io.jvirt.api.MemoryStat;
import io.jvirt.api.VcpuCount;
import io.jvirt.api.VcpuInfo;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.qemu.qmp.MonitorEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Changes of defined domains besides their lifecycle: hotplug, removable media, memory, vCPUs,
 * pinning, I/O limits, renaming ({@link HotplugCommand}), and QEMU's device and balloon events.
 * {@link DomainService} dispatches {@link DomainCommand.Hotplug} here with the domain's job lock
 * held; one helper per job does the work ({@link DeviceChanges}, {@link DeviceUpdates}, ...).
 *
 * <p>Threads: commands run on the request's thread under the job lock. QEMU's events arrive on
 * the monitor's event thread ({@link #onEvent}), which never takes a job lock: it completes the
 * removal a detach waits for, or hands a removal nobody waits for (a detach that timed out, a
 * device the guest gave up on its own) to a background thread that takes the job lock.
 */
public final class HotplugService implements DomainRunner.DeviceEvents {
    private static final Logger LOG = Logger.getLogger(HotplugService.class.getName());

    private final EventBus events;
    private final ExecutorService background;
    private final DeviceRemovals removals = new DeviceRemovals();
    private final DeviceChanges devices;
    private final DeviceUpdates updates;
    private final NicChanges nics;
    private final MemoryChanges memory;
    private final VcpuChanges vcpus;
    private final BlockChanges blocks;
    private final VcpuThreads threads;
    private final DomainRename rename;

    HotplugService(DomainRunner runner, DomainRegistry registry, DefinitionStore defs, EventBus events,
                   ExecutorService background) {
        this.events = events;
        this.background = background;
        DefinitionSaves saves = new DefinitionSaves(runner, defs);
        this.devices = new DeviceChanges(runner, saves, events, removals);
        this.memory = new MemoryChanges(runner, saves);
        this.vcpus = new VcpuChanges(runner, saves, devices);
        this.blocks = new BlockChanges(runner, saves);
        this.threads = new VcpuThreads(runner);
        this.rename = new DomainRename(registry, defs, events);
        this.nics = new NicChanges(runner, saves);
        this.updates = new DeviceUpdates(runner, saves, nics);
    }

    /** Shortens how long a detach waits for the guest (tests). */
    void setUnplugTimeout(Duration timeout) {
        devices.setUnplugTimeout(timeout);
    }

    /** Executes one command on {@code obj}. Job lock held. */
    void execute(DomainObj obj, HotplugCommand command) {
        switch (command) {
            case HotplugCommand.AttachDevice a -> devices.attach(obj, DeviceRequest.parse(a.xml()), a.affect());
            case HotplugCommand.DetachDevice d -> devices.detach(obj, DeviceRequest.parse(d.xml()), d.affect());
            case HotplugCommand.DetachAlias d -> devices.detachAlias(obj, d.alias(), d.affect());
            case HotplugCommand.UpdateDevice u -> updates.update(obj, DeviceRequest.parse(u.xml()), u.affect(),
                    u.force());
            case HotplugCommand.SetMemory m -> memory.setMemory(obj, m.kib(), m.affect());
            case HotplugCommand.SetMaxMemory m -> memory.setMaxMemory(obj, m.kib(), m.affect());
            case HotplugCommand.SetMemoryStatsPeriod p -> memory.setStatsPeriod(obj, p.seconds(), p.affect());
            case HotplugCommand.SetVcpus v -> vcpus.set(obj, v);
            case HotplugCommand.PinVcpu p -> threads.pinVcpu(obj, p);
            case HotplugCommand.PinEmulator p -> threads.pinEmulator(obj, p);
            case HotplugCommand.SetBlockIoTune t -> blocks.setIoTune(obj, t);
            case HotplugCommand.SetInterfaceTune t -> nics.tune(obj, t);
            case HotplugCommand.SetLink l -> nics.setLink(obj, l);
            case HotplugCommand.ResizeBlock r -> blocks.resize(obj, r.disk(), r.bytes());
            case HotplugCommand.Rename r -> rename.rename(obj, r.newName());
        }
    }

    // ---- queries (no job lock: they read the definitions and ask QEMU, never change anything)

    /** {@code dommemstat}. */
    public List<MemoryStat> memoryStats(DomainObj obj) {
        return memory.stats(obj);
    }

    /** {@code vcpucount}. */
    public VcpuCount vcpuCount(DomainObj obj) {
        return vcpus.count(obj);
    }

    /** {@code vcpucount --guest}. */
    public int guestVcpus(DomainObj obj) {
        return vcpus.guestCount(obj);
    }

    /** {@code vcpuinfo}. */
    public List<VcpuInfo> vcpuInfo(DomainObj obj) {
        return threads.info(obj);
    }

    /** {@code vcpupin} without a list. */
    public List<CpuPin> vcpuPins(DomainObj obj, boolean config) {
        return threads.vcpuPins(obj, config);
    }

    /** {@code emulatorpin} without a list. */
    public CpuPin emulatorPin(DomainObj obj, boolean config) {
        return threads.emulatorPin(obj, config);
    }

    /** {@code blkdeviotune} without limits. */
    public BlockIoTune blockIoTune(DomainObj obj, String disk, boolean config) {
        return blocks.ioTune(obj, disk, config);
    }

    /** {@code domiftune} without limits. */
    public InterfaceTune interfaceTune(DomainObj obj, String iface, boolean config) {
        return nics.show(obj, iface, config);
    }

    // ---- QEMU's events (monitor event thread: never waits for a job lock)

    @Override
    public void onEvent(DomainObj obj, MonitorEvent event) {
        switch (event) {
            case MonitorEvent.DeviceDeleted d -> {
                if (d.device() != null && !removals.deleted(obj, d.device())) {
                    inJob(obj, () -> {
                        if (VcpuChanges.isVcpu(d.device())) {
                            vcpus.recount(obj);
                        } else {
                            devices.finishRemoval(obj, d.device());
                        }
                    });
                }
            }
            case MonitorEvent.UnplugRefused u -> {
                if (u.device() != null && !removals.refused(obj, u.device())) {
                    events.publish(obj, "device-removal-failed", u.device());
                }
            }
            case MonitorEvent.BalloonChange b -> {
                events.publish(obj, "balloon-change", Long.toString(b.actualBytes() / 1024));
                inJob(obj, () -> memory.balloonChanged(obj, b.actualBytes() / 1024));
            }
            // the power, job and block-job events are other services'
            case MonitorEvent.TrayMoved t -> { }
            case MonitorEvent.RtcChange r -> { }
            case MonitorEvent.Watchdog w -> { }
            case MonitorEvent.IoError e -> { }
            case MonitorEvent.PowerManagement p -> { }
            case MonitorEvent.SerialPortChange p -> { }
            case MonitorEvent.Stop s -> { }
            case MonitorEvent.Resume r -> { }
            case MonitorEvent.Shutdown s -> { }
            case MonitorEvent.Reset r -> { }
            case MonitorEvent.JobStatusChange j -> { }
            case MonitorEvent.BlockJob j -> { }
            case MonitorEvent.Other o -> { }
        }
    }

    @Override
    public void afterReattach(DomainObj obj) {
        // devices whose removal finished while the daemon was away
        try {
            List<String> present = obj.qemu().monitor().peripheralIds();
            for (String id : LiveDevices.ids(obj.liveDef())) {
                if (!present.contains(id)) {
                    devices.finishRemoval(obj, id);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "domain " + obj.name() + ": cannot compare its devices with QEMU's", e);
        }
    }

    /** Runs {@code work} on a background thread under the domain's job lock, if the domain still runs. */
    private void inJob(DomainObj obj, Runnable work) {
        background.execute(() -> {
            obj.job.lock();
            try {
                if (obj.qemu() != null) {
                    work.run();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "domain " + obj.name() + ": handling a QEMU event failed", e);
            } finally {
                obj.job.unlock();
            }
        });
    }
}
