package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.hotplug.HotplugPlan;
import io.jvirt.qemu.hotplug.HotplugStep;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * A running CD-ROM's medium changed, as libvirt's qemuDomainChangeMediaBlockdev does it for
 * QEMU 7.2: the tray is opened (the guest may hold it shut: then the change fails after
 * {@link #TRAY_TIMEOUT} unless forced), the old medium taken out and its block nodes removed, the
 * new medium's nodes added (the same ones a start would give it) and inserted, and the tray
 * closed. The image locks move from the old medium to the new one. Job lock held.
 */
final class MediaChanges {
    private static final Logger LOG = Logger.getLogger(MediaChanges.class.getName());
    /** How long the guest has to open a tray it holds shut, as libvirt waits. */
    static final Duration TRAY_TIMEOUT = Duration.ofSeconds(5);

    private final DomainRunner runner;
    private final DefinitionSaves saves;

    MediaChanges(DomainRunner runner, DefinitionSaves saves) {
        this.runner = runner;
        this.saves = saves;
    }

    void change(DomainObj obj, DomainDef live, DiskDef old, DiskDef updated, boolean force) {
        String id = QemuArgv.diskId(live, old);
        LaunchContext ctx = runner.context(obj);
        runner.disks().unplugDisk(obj.name(), old);
        DiskDef plumbed;
        try {
            plumbed = hasMedium(updated) ? runner.disks().plugDisk(obj.name(), LiveDevices.without(live, old), updated)
                    : updated;
        } catch (RuntimeException e) {
            runner.disks().plugDisk(obj.name(), LiveDevices.without(live, old), old);
            throw e;
        }
        DomainDef after = LiveDevices.replacing(live, old, plumbed);
        try {
            HotplugPlan.Media change = HotplugPlan.media(live, after, ctx, id);
            QemuMonitor m = runner.requireActive(obj).monitor();
            openTray(obj, m, id, force);
            if (hasMedium(old)) {
                m.removeMedium(id);
                for (HotplugStep s : change.remove()) {
                    Steps.run(m, s);
                }
            }
            try {
                insert(m, id, change);
            } catch (QmpException e) {
                restore(obj, m, live, ctx, id, old);
                throw e;
            }
        } catch (QmpException e) {
            runner.disks().unplugDisk(obj.name(), plumbed);
            runner.disks().plugDisk(obj.name(), LiveDevices.without(live, old), old);
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': changing the medium "
                    + "of " + old.target().dev() + " failed: " + DomainRunner.sentence(e.getMessage()), e);
        } catch (RuntimeException e) {
            runner.disks().unplugDisk(obj.name(), plumbed);
            runner.disks().plugDisk(obj.name(), LiveDevices.without(live, old), old);
            throw e;
        }
        saves.live(obj, after);
        LOG.info("domain " + obj.name() + ": " + old.target().dev() + " now holds "
                + (hasMedium(plumbed) ? plumbed.localPath() : "no medium"));
    }

    private static boolean hasMedium(DiskDef d) {
        return !d.isEmpty();
    }

    /** Adds the new medium's nodes, inserts it and closes the tray. */
    private static void insert(QemuMonitor m, String id, HotplugPlan.Media change) {
        for (HotplugStep s : change.add()) {
            Steps.run(m, s);
        }
        if (change.top() != null) {
            m.insertMedium(id, change.top());
        }
        m.closeTray(id);
    }

    /** The drive without its medium, as an empty cdrom's definition has it. */
    private static DiskDef emptied(DiskDef d) {
        DiskSource empty = switch (d.source().location()) {
            case DiskSource.Block b -> new DiskSource.Block(null);
            case DiskSource.Dir x -> new DiskSource.Dir(null);
            case DiskSource.File f -> new DiskSource.File(null);
            case DiskSource.Volume v -> new DiskSource.File(null);
            case NetworkSource n -> n;
            case DiskSource.Nvme n -> n;
            case DiskSource.VhostUser v -> v;
        };
        return d.toBuilder().source(StorageSource.of(empty, d.format())).build();
    }

    /** Puts the old medium back after the new one could not be inserted. */
    private void restore(DomainObj obj, QemuMonitor m, DomainDef live, LaunchContext ctx, String id, DiskDef old) {
        try {
            DomainDef empty = LiveDevices.replacing(live, old, emptied(old));
            HotplugPlan.Media back = HotplugPlan.media(empty, live, ctx, id);
            m.removeMedium(id);
            insert(m, id, back);
        } catch (RuntimeException e) {
            LOG.warning("domain " + obj.name() + ": the old medium of " + old.target().dev() + " could not be put back: "
                    + e.getMessage());
        }
    }

    /** Opens the tray and waits until it is open: the guest may hold it shut (a mounted disc). */
    private static void openTray(DomainObj obj, QemuMonitor m, String id, boolean force) {
        m.openTray(id, force);
        long deadline = System.nanoTime() + TRAY_TIMEOUT.toNanos();
        while (!m.queryDrive(id).trayOpen()) {
            if (System.nanoTime() > deadline) {
                throw new DaemonException(ErrorCode.TIMEOUT, "domain '" + obj.name() + "': the guest kept the tray of "
                        + id + " shut for " + TRAY_TIMEOUT.toSeconds() + " s (it may have the disc mounted); unmount "
                        + "it in the guest, or use --force to take the medium out anyway.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for the tray of " + id + ".");
            }
        }
    }
}
