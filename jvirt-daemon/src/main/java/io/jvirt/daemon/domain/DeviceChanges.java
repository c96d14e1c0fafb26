package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.job.Timeline;
import io.jvirt.qemu.address.DeviceBuses;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.hotplug.HotplugException;
import io.jvirt.qemu.hotplug.HotplugPlan;
import io.jvirt.qemu.hotplug.HotplugStep;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Attaching and detaching whole devices (libvirt's qemuDomainAttachDeviceLiveAndConfig and its
 * detach): the persistent definition is checked first and stored last, the running machine is
 * changed in between. A live attach gives the device a free place from the
 * {@link io.jvirt.qemu.address.AddressAssigner} (never adding controllers to a running machine),
 * the host side a start would give it (the disk's volume and image locks, the card's tap), and
 * the QEMU objects {@link HotplugPlan} derives from the command line; a failure undoes what was
 * done. A live detach asks QEMU and waits for the guest to let go (DEVICE_DELETED) at most
 * {@link #UNPLUG_TIMEOUT}; if it does not, the detach fails and nothing changes, and the removal
 * finishes whenever the event comes ({@link #finishRemoval}). Job lock held throughout.
 */
final class DeviceChanges {
    private static final Logger LOG = Logger.getLogger(DeviceChanges.class.getName());
    /** How long a detach waits for the guest to let go, as libvirt's QEMU driver waits. */
    static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(5);

    private final DomainRunner runner;
    private final DefinitionSaves saves;
    private final EventBus events;
    private final DeviceRemovals removals;
    private volatile Duration unplugTimeout = UNPLUG_TIMEOUT;

    DeviceChanges(DomainRunner runner, DefinitionSaves saves, EventBus events, DeviceRemovals removals) {
        this.runner = runner;
        this.saves = saves;
        this.events = events;
        this.removals = removals;
    }

    /** How long a removal waits for the guest. */
    Duration unplugTimeout() {
        return unplugTimeout;
    }

    /** Shortens the wait for the guest (tests). */
    void setUnplugTimeout(Duration timeout) {
        this.unplugTimeout = timeout;
    }

    // ---- attach

    void attach(DomainObj obj, DeviceRequest req, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        DeviceDef dev = req.device();
        DomainDef config = t.config() ? configWith(obj, obj.persistentDef(), dev) : null;
        DeviceDef attached = t.live() ? attachLive(obj, dev) : null;
        if (config != null) {
            if (attached != null && attached.address() != null && dev.address() == null) {
                // the same place in both definitions when the persistent one has it free
                config = sameAddress(obj, config, obj.persistentDef(), dev, attached);
            }
            saves.config(obj, config);
        }
    }

    /** The persistent definition with the device added, checked and given addresses; not stored yet. */
    private static DomainDef configWith(DomainObj obj, DomainDef cfg, DeviceDef dev) {
        checkNew(obj, cfg, dev, "its persistent definition");
        DeviceDef d = dev instanceof InterfaceDef n && n.alias() != null && !n.hasUserAlias() ? n.withAlias(null) : dev;
        return DefinitionSaves.assign(obj.name(), DefinitionSaves.build(obj.name(), () -> LiveDevices.with(cfg, d)));
    }

    private static DomainDef sameAddress(DomainObj obj, DomainDef assigned, DomainDef cfg, DeviceDef dev,
                                         DeviceDef attached) {
        DeviceDef placed = DeviceBuses.of(dev).withAddress().apply(attached.address());
        try {
            return configWith(obj, cfg, placed);
        } catch (DaemonException taken) {
            return assigned;
        }
    }

    /** Refuses a second disk with one target, a second card with one MAC address. */
    private static void checkNew(DomainObj obj, DomainDef def, DeviceDef dev, String where) {
        if (dev instanceof DiskDef d && def.devices().disks().stream()
                .anyMatch(x -> x.target().dev().equals(d.target().dev()))) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "domain '" + obj.name() + "' already has a disk "
                    + d.target().dev() + " in " + where + "; choose another target.");
        }
        if (dev instanceof InterfaceDef n && def.devices().interfaces().stream()
                .anyMatch(x -> x.mac().equalsIgnoreCase(n.mac()))) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "domain '" + obj.name() + "' already has a network "
                    + "interface with MAC address " + n.mac() + " in " + where + "; choose another MAC address.");
        }
    }

    /** Adds the device to the running machine; returns it as the live definition now has it. */
    private DeviceDef attachLive(DomainObj obj, DeviceDef dev) {
        Timeline time = new Timeline();
        hotpluggable(obj, dev, "added to");
        DomainDef live = LiveDevices.named(obj.liveDef());
        checkNew(obj, live, dev, "the running domain");
        DeviceDef named = dev instanceof InterfaceDef n && n.alias() == null ? n.withAlias(LiveDevices.nextNicAlias(live))
                : dev;
        time.mark("assign");
        DomainDef assigned = DefinitionSaves.assign(obj.name(),
                DefinitionSaves.build(obj.name(), () -> LiveDevices.with(live, named)));
        if (!assigned.devices().controllers().equals(live.devices().controllers())) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + obj.name() + "' has no free place for the "
                    + describe(dev) + " that a running machine can take (a new controller or PCI port cannot be "
                    + "added while it runs); add an empty <controller type='pci' model='pcie-root-port'/> (q35) or "
                    + "free a slot in its definition and restart it, or attach with --config only.");
        }
        DeviceDef placed = counterpart(assigned, named);
        time.mark("plug");
        DeviceDef plumbed = plug(obj, live, placed);
        DomainDef after;
        List<HotplugStep> steps;
        LaunchContext ctx = runner.context(obj);
        try {
            after = LiveDevices.replacing(assigned, placed, plumbed);
            time.mark("plan");
            steps = plan(obj, () -> HotplugPlan.attach(live, after, ctx));
            time.mark("qemu");
            run(obj, steps);
        } catch (RuntimeException e) {
            unplug(obj, live, plumbed);
            throw e;
        }
        time.mark("save");
        saves.live(obj, after);
        time.mark("publish");
        String id = LiveDevices.idOf(after, plumbed).orElseThrow();
        events.publish(obj, "device-added", id);
        time.mark("done");
        LOG.info("domain " + obj.name() + ": attached " + describe(dev) + " as " + id + " (ms: " + time + ")");
        return plumbed;
    }

    /** The device of {@code assigned} that {@code added} became (the same, with its address). */
    private static DeviceDef counterpart(DomainDef assigned, DeviceDef added) {
        if (added instanceof DiskDef d) {
            return assigned.devices().disks().stream()
                    .filter(x -> x.target().dev().equals(d.target().dev())).findFirst().orElseThrow();
        }
        InterfaceDef n = (InterfaceDef) added;
        return assigned.devices().interfaces().stream().filter(x -> n.alias().equals(x.alias())).findFirst()
                .orElseThrow();
    }

    /** Refuses kinds and buses QEMU cannot plug or unplug while the guest runs. */
    private static void hotpluggable(DomainObj obj, DeviceDef dev, String verb) {
        if (dev instanceof DiskDef d) {
            switch (d.target().bus()) {
                case VIRTIO, SCSI -> { }
                case SATA, IDE -> throw new DaemonException(ErrorCode.UNSUPPORTED, "a disk on the "
                        + d.target().bus().xml() + " bus cannot be " + verb + " a running domain ('" + obj.name()
                        + "'); use the virtio or scsi bus, or change the persistent definition (--config) and "
                        + "restart the domain.");
            }
            return;
        }
        if (dev instanceof InterfaceDef) {
            return;
        }
        throw new DaemonException(ErrorCode.UNSUPPORTED, "jvirt cannot have a <" + dev.kind().element() + "> "
                + verb + " a running domain ('" + obj.name() + "'); change the persistent definition (--config) "
                + "and restart the domain.");
    }

    private DeviceDef plug(DomainObj obj, DomainDef live, DeviceDef dev) {
        if (dev instanceof DiskDef d) {
            return runner.disks().plugDisk(obj.name(), live, d);
        }
        if (dev instanceof InterfaceDef n) {
            return runner.nics().plug(obj.name(), live.withDevices(live.devices().withInterfaces(List.of(n))))
                    .devices().interfaces().getFirst();
        }
        return dev;
    }

    private void unplug(DomainObj obj, DomainDef live, DeviceDef dev) {
        if (dev instanceof DiskDef d) {
            runner.disks().unplugDisk(obj.name(), d);
        } else if (dev instanceof InterfaceDef n) {
            runner.nics().unplug(obj.name(), live.withDevices(live.devices().withInterfaces(List.of(n))));
        }
    }

    /** Runs the steps; when one fails, removes what the ones before it added. */
    private void run(DomainObj obj, List<HotplugStep> steps) {
        List<HotplugStep> done = new ArrayList<>();
        QemuMonitor m = runner.requireActive(obj).monitor();
        for (HotplugStep s : steps) {
            try {
                Steps.run(m, s);
            } catch (QmpException e) {
                for (HotplugStep d : done.reversed()) {
                    try {
                        Steps.run(m, d.undo());
                    } catch (QmpException again) {
                        LOG.warning("domain " + obj.name() + ": undoing " + d.id() + " failed: " + again.getMessage());
                    }
                }
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': QEMU refused to "
                        + "add " + s.id() + ": " + DomainRunner.sentence(e.getMessage()), e);
            }
            done.add(s);
        }
    }

    // ---- detach

    void detach(DomainObj obj, DeviceRequest req, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        DomainDef config = null;
        if (t.config()) {
            DomainDef cfg = obj.persistentDef();
            DeviceDef found = DeviceMatch.find(cfg, req.device(), req.macGiven(), "the persistent definition of domain '"
                    + obj.name() + "'");
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.without(cfg, found));
        }
        if (t.live()) {
            DomainDef live = LiveDevices.named(obj.liveDef());
            DeviceDef found = DeviceMatch.find(live, req.device(), req.macGiven(), "running domain '" + obj.name()
                    + "'");
            detachLive(obj, live, found);
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    /** Detaches the device QEMU knows as {@code alias} ({@code detach-device-alias}). */
    void detachAlias(DomainObj obj, String alias, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        DomainDef config = null;
        if (t.config()) {
            DomainDef cfg = LiveDevices.named(obj.persistentDef());
            DeviceDef found = LiveDevices.byId(cfg, alias).orElseThrow(() -> noAlias(obj, alias,
                    "its persistent definition"));
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.without(cfg, found));
        }
        if (t.live()) {
            DomainDef live = LiveDevices.named(obj.liveDef());
            DeviceDef found = LiveDevices.byId(live, alias).orElseThrow(() -> noAlias(obj, alias, "the running domain"));
            detachLive(obj, live, found);
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    private static DaemonException noAlias(DomainObj obj, String alias, String where) {
        return new DaemonException(ErrorCode.NOT_FOUND, "domain '" + obj.name() + "' has no device with alias '" + alias
                + "' in " + where + "; see 'jvirt dumpxml " + obj.name() + "'.");
    }

    private void detachLive(DomainObj obj, DomainDef live, DeviceDef dev) {
        Timeline time = new Timeline();
        hotpluggable(obj, dev, "removed from");
        String id = LiveDevices.idOf(live, dev).orElseThrow();
        LaunchContext ctx = runner.context(obj);
        DomainDef after = DefinitionSaves.build(obj.name(), () -> LiveDevices.without(live, dev));
        List<String> devices = new ArrayList<>();
        for (HotplugStep s : plan(obj, () -> HotplugPlan.detach(live, after, ctx))) {
            if (s instanceof HotplugStep.DelDevice d) {
                devices.add(d.id());
            }
        }
        QemuMonitor m = runner.requireActive(obj).monitor();
        time.mark("device_del");
        List<CompletableFuture<Boolean>> gone = new ArrayList<>();
        for (String d : devices) {
            gone.add(removals.expect(obj, d));
            try {
                m.deviceDel(d);
            } catch (QmpException e) {
                devices.forEach(x -> removals.forget(obj, x));
                if (e.errorClass().orElse("").equals("DeviceNotFound")) {
                    // QEMU no longer has it: it went while nobody was listening
                    finishRemoval(obj, id);
                    return;
                }
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': QEMU refused to "
                        + "remove " + id + ": " + DomainRunner.sentence(e.getMessage()), e);
            }
        }
        time.mark("guest");
        long deadline = System.nanoTime() + unplugTimeout.toNanos();
        for (CompletableFuture<Boolean> f : gone) {
            boolean released;
            try {
                released = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                devices.forEach(x -> removals.forget(obj, x));
                throw new DaemonException(ErrorCode.TIMEOUT, "domain '" + obj.name() + "': the guest did not let go "
                        + "of the " + describe(dev) + " (" + id + ") within " + unplugTimeout.toSeconds() + " s, so it "
                        + "stays attached and the definitions are unchanged; the guest may not support hot-unplug, be "
                        + "paused or still use the device. jvirtd removes it if the guest lets go later (event "
                        + "device-removed).");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                devices.forEach(x -> removals.forget(obj, x));
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for domain '" + obj.name()
                        + "' to let go of " + id + ".");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (!released) {
                devices.forEach(x -> removals.forget(obj, x));
                events.publish(obj, "device-removal-failed", id);
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': the guest "
                        + "refused to let go of the " + describe(dev) + " (" + id + "); it stays attached.");
            }
        }
        time.mark("cleanup");
        finishRemoval(obj, id);
        time.mark("done");
        LOG.info("domain " + obj.name() + ": detached " + describe(dev) + " (" + id + ") (ms: " + time + ")");
    }

    /**
     * Finishes the removal of the device QEMU reported gone: what it used in QEMU (block nodes,
     * network back end) and on the host (image locks, tap) goes, the live definition forgets it,
     * and a device-removed event is sent. Nothing happens when the domain has no such device.
     */
    void finishRemoval(DomainObj obj, String id) {
        if (obj.qemu() == null || obj.liveDef() == null) {
            return;
        }
        DomainDef live = LiveDevices.named(obj.liveDef());
        Optional<DeviceDef> dev = LiveDevices.byId(live, id);
        if (dev.isEmpty()) {
            return;
        }
        DomainDef after = LiveDevices.without(live, dev.get());
        List<HotplugStep> cleanup;
        try {
            cleanup = HotplugPlan.detach(live, after, runner.context(obj));
        } catch (HotplugException | ArgvException e) {
            LOG.warning("domain " + obj.name() + ": cannot tell what " + id + " used: " + e.getMessage());
            cleanup = List.of();
        }
        QemuMonitor m = obj.qemu().monitor();
        for (HotplugStep s : cleanup) {
            if (s instanceof HotplugStep.DelDevice) {
                continue;
            }
            try {
                Steps.run(m, s);
            } catch (QmpException e) {
                LOG.warning("domain " + obj.name() + ": removing " + s.id() + " of " + id + " failed: " + e.getMessage());
            }
        }
        unplug(obj, live, dev.get());
        saves.live(obj, after);
        events.publish(obj, "device-removed", id);
        LOG.info("domain " + obj.name() + ": removed " + describe(dev.get()) + " (" + id + ")");
    }

    private static List<HotplugStep> plan(DomainObj obj, Supplier<List<HotplugStep>> plan) {
        try {
            return plan.get();
        } catch (HotplugException e) {
            throw new DaemonException(switch (e.kind()) {
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
                case CONFLICT -> ErrorCode.INVALID_ARGUMENT;
            }, "domain '" + obj.name() + "': " + e.getMessage(), e);
        } catch (ArgvException e) {
            throw new DaemonException(switch (e.kind()) {
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
                case CONFLICT -> ErrorCode.INVALID_ARGUMENT;
            }, "domain '" + obj.name() + "': " + e.getMessage(), e);
        }
    }

    /** The device in words: "disk vdb", "network interface 52:54:00:12:34:56". */
    static String describe(DeviceDef dev) {
        if (dev instanceof DiskDef d) {
            return "disk " + d.target().dev();
        }
        if (dev instanceof InterfaceDef n) {
            return "network interface " + n.mac();
        }
        return "<" + dev.kind().element() + "> device";
    }
}
