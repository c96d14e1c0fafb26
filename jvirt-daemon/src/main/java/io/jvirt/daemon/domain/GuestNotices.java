package io.jvirt.daemon.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * What the guest tells through QEMU besides its power and devices, published as libvirt's
 * events: its clock ({@code rtc-change}), its watchdog ({@code watchdog}), failed disk I/O
 * ({@code io-error}, {@code io-error-reason}), suspend and wake-up ({@code pm-suspend},
 * {@code pm-suspend-disk}, {@code pm-wakeup}, with the state changes libvirt makes) and a
 * removable drive's tray ({@code tray-change}).
 *
 * <p>Threads: {@link #onEvent} runs on the monitor's event thread, which must not wait for
 * QEMU; finding which disk an I/O error is about asks QEMU, so that part runs on the given
 * executor, one error after the other.
 */
final class GuestNotices {
    private static final Logger LOG = Logger.getLogger(GuestNotices.class.getName());

    private final EventBus events;
    private final ExecutorService ordered;
    /**
     * The disk each domain's last I/O error was about, for the live definition it was found in
     * (the ordered thread's alone): a guest that keeps failing on one disk sends an error per
     * request, and QEMU is asked once, not once per error.
     */
    private final Map<DomainObj, Named> lastNamed = new WeakHashMap<>();

    private record Named(DomainDef live, String node, DiskDef disk) { }

    /**
     * @param events where the events go
     * @param ordered a single-threaded executor: the I/O errors' events keep QEMU's order
     */
    GuestNotices(EventBus events, ExecutorService ordered) {
        this.events = events;
        this.ordered = ordered;
    }

    void onEvent(DomainObj obj, MonitorEvent ev) {
        switch (ev) {
            case MonitorEvent.RtcChange r -> events.publish(obj, DomainEvent.RTC_CHANGE, Long.toString(r.offsetSeconds()));
            case MonitorEvent.Watchdog w -> events.publish(obj, DomainEvent.WATCHDOG, w.action());
            case MonitorEvent.TrayMoved t -> {
                if (t.id() != null) {
                    events.publish(obj, DomainEvent.TRAY_CHANGE, t.id() + ": " + (t.open() ? "opened" : "closed"));
                }
            }
            case MonitorEvent.IoError e -> {
                if (e.action().equals("stop")) {
                    obj.pausedByIoError = true; // its STOP follows
                }
                QemuMonitor m = obj.qemu() == null ? null : obj.qemu().monitor();
                DomainDef live = obj.liveDef();
                ordered.execute(() -> publishIoError(obj, m, live, e));
            }
            case MonitorEvent.PowerManagement p -> powerManagement(obj, p.change());
            case MonitorEvent.Stop s -> { }
            case MonitorEvent.Resume r -> { }
            case MonitorEvent.Shutdown s -> { }
            case MonitorEvent.Reset r -> { }
            case MonitorEvent.JobStatusChange j -> { }
            case MonitorEvent.BlockJob j -> { }
            case MonitorEvent.DeviceDeleted d -> { }
            case MonitorEvent.UnplugRefused u -> { }
            case MonitorEvent.BalloonChange b -> { }
            case MonitorEvent.SerialPortChange p -> { }
            case MonitorEvent.Other o -> { }
        }
    }

    /**
     * libvirt's two I/O error events: virsh's "SOURCE (ALIAS) ACTION" and the same "due to
     * REASON", naming the disk whose device uses the failing node (empty when none does).
     */
    private void publishIoError(DomainObj obj, QemuMonitor m, DomainDef live, MonitorEvent.IoError e) {
        String source = "";
        String alias = "";
        DiskDef disk = m == null || live == null ? null : named(obj, m, live, e.nodeName());
        if (disk != null) {
            source = Objects.requireNonNullElse(disk.localPath(), "");
            alias = QemuArgv.diskId(live, disk);
        }
        String action = switch (e.action()) {
            case "stop" -> "pause";
            case "report" -> "report";
            default -> "none";
        };
        String text = source + " (" + alias + ") " + action;
        events.publish(obj, DomainEvent.IO_ERROR, text);
        events.publish(obj, DomainEvent.IO_ERROR_REASON, text + " due to " + (e.noSpace() ? "enospc" : e.reason()));
    }

    /** {@link #diskOf}, remembered while the live definition and the node stay the same. */
    private DiskDef named(DomainObj obj, QemuMonitor m, DomainDef live, String node) {
        Named last = lastNamed.get(obj);
        if (last != null && last.live() == live && Objects.equals(last.node(), node)) {
            return last.disk();
        }
        DiskDef disk = diskOf(m, live, node);
        lastNamed.put(obj, new Named(live, node, disk));
        return disk;
    }

    /** The disk whose device reads and writes {@code node}, as QEMU reports its devices now. */
    private static DiskDef diskOf(QemuMonitor m, DomainDef live, String node) {
        if (node == null) {
            return null;
        }
        for (DiskDef d : live.devices().disks()) {
            try {
                if (node.equals(m.queryDrive(QemuArgv.diskId(live, d)).node())) {
                    return d;
                }
            } catch (QmpException e) {
                LOG.fine("query-block for " + d.target().dev() + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** Suspend to RAM, to disk, and the wake-up, as libvirt's QEMU driver records them. */
    private void powerManagement(DomainObj obj, MonitorEvent.PmChange change) {
        DomainStatus s = obj.status();
        CompletableFuture<Void> asked = obj.guestSuspended;
        if (asked != null && change != MonitorEvent.PmChange.WAKEUP) {
            asked.complete(null); // dompmsuspend's sign that the guest went to sleep
        }
        switch (change) {
            case SUSPEND -> {
                if (s.state() == DomainState.RUNNING
                        && obj.replaceStatus(s, s.with(DomainState.PMSUSPENDED, StateReason.UNKNOWN))) {
                    events.publish(obj, DomainLifecycle.PMSUSPENDED_MEMORY);
                }
                events.publish(obj, DomainEvent.PM_SUSPEND, null);
            }
            case SUSPEND_DISK -> {
                // QEMU powers the machine off next; that ends the domain as a shutdown
                events.publish(obj, DomainLifecycle.PMSUSPENDED_DISK);
                events.publish(obj, DomainEvent.PM_SUSPEND_DISK, null);
            }
            case WAKEUP -> {
                if (s.state() == DomainState.PMSUSPENDED
                        && obj.replaceStatus(s, s.with(DomainState.RUNNING, StateReason.WAKEUP))) {
                    events.publish(obj, DomainLifecycle.STARTED_WAKEUP);
                }
                events.publish(obj, DomainEvent.PM_WAKEUP, null);
            }
        }
    }
}
