package io.jvirt.daemon.domain;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainBlock;
import io.jvirt.api.DomainCpuStats;
import io.jvirt.api.DomainStats;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.InterfaceStats;
import io.jvirt.api.SendKeyRequest;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.inspect.BlockViews;
import io.jvirt.daemon.inspect.DomainSample;
import io.jvirt.daemon.inspect.HostReadings;
import io.jvirt.daemon.inspect.StatsCollector;
import io.jvirt.daemon.inspect.StatsFilter;
import io.jvirt.daemon.inspect.StatsGroup;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.InspectMonitor.ScreenFormat;
import io.jvirt.qemu.qmp.KeyCodes;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The "looking inside" queries of domains ({@code domblklist}, {@code domblkinfo},
 * {@code domblkstat}, {@code domifstat}, {@code domstats}, {@code screenshot},
 * {@code send-key}, {@code qemu-monitor-command}). None takes a domain's job lock: each reads
 * the domain's volatile snapshot and asks its QEMU directly (QMP is safe from any thread), so
 * a long job never delays a query.
 */
public final class InspectService {
    private static final Logger LOG = Logger.getLogger(InspectService.class.getName());
    /** The run directory's mark of a QEMU that got a user's monitor command (read again after a daemon restart). */
    static final String TAINT_MARK = "tainted-custom-monitor";
    /** libvirt's limit of keys pressed at once (VIR_DOMAIN_SEND_KEY_MAX_KEYS). */
    private static final int MAX_KEYS = 16;

    private final DomainRegistry registry;
    private final DomainRunner runner;
    private final HostReadings host;
    private final StatsCollector collector;

    InspectService(DomainRegistry registry, DomainRunner runner, HostReadings host) {
        this.registry = registry;
        this.runner = runner;
        this.host = host;
        this.collector = new StatsCollector(host);
    }

    /** The host readings the node queries use. */
    public HostReadings host() {
        return host;
    }

    /**
     * The domain's disks ({@code domblklist}): live while it runs, else persistent; with
     * {@code inactive}, the persistent definition's (what the next start gets).
     */
    public List<DomainBlock> blockList(String ref, boolean inactive) {
        DomainObj obj = registry.lookup(ref);
        DomainDef persistent = obj.persistentDef();
        return BlockViews.list(inactive && persistent != null ? persistent : def(obj));
    }

    /** The sizes of one disk, or of all with {@code device} null ({@code domblkinfo [--all]}). */
    public List<BlockInfo> blockInfo(String ref, String device) {
        DomainObj obj = registry.lookup(ref);
        Running r = running(obj);
        List<DiskDef> disks = device == null ? r.def().devices().disks() : List.of(disk(obj, r.def(), device));
        List<BlockImageSize> sizes = ask(obj, QemuMonitor::blockImageSizes);
        List<BlockIoStats> stats = ask(obj, QemuMonitor::blockIoStats);
        List<BlockInfo> out = new ArrayList<>();
        for (DiskDef d : disks) {
            Optional<BlockImageSize> size = BlockViews.size(sizes, r.def(), d);
            if (size.isEmpty()) {
                if (device == null) {
                    out.add(new BlockInfo(d.target().dev(), 0, 0, 0)); // an empty drive, as virsh's --all shows it
                    continue;
                }
                throw new DaemonException(ErrorCode.INVALID_STATE, "The disk '" + d.target().dev() + "' of domain '"
                        + obj.name() + "' has no medium; insert one with 'jvirt change-media'.");
            }
            out.add(BlockViews.info(d, size.get(), BlockViews.stats(stats, r.def(), d).orElse(null),
                    d.localPath() == null ? java.util.OptionalLong.empty() : host.physicalSize(d.localPath())));
        }
        return out;
    }

    /** One disk's counters, or the sum of all disks' with {@code device} null ({@code domblkstat}). */
    public BlockStats blockStats(String ref, String device) {
        DomainObj obj = registry.lookup(ref);
        Running r = running(obj);
        List<BlockIoStats> all = ask(obj, QemuMonitor::blockIoStats);
        if (device == null) {
            List<BlockStats> each = new ArrayList<>();
            for (DiskDef d : r.def().devices().disks()) {
                BlockViews.stats(all, r.def(), d).ifPresent(s -> each.add(BlockViews.stats(d.target().dev(), s)));
            }
            return BlockViews.sum(each);
        }
        DiskDef d = disk(obj, r.def(), device);
        return BlockViews.stats(all, r.def(), d).map(s -> BlockViews.stats(d.target().dev(), s))
                .orElseThrow(() -> new DaemonException(ErrorCode.INVALID_STATE, "The disk '" + device
                        + "' of domain '" + obj.name() + "' has no medium, so it has no statistics."));
    }

    /** One network card's traffic as the guest sees it ({@code domifstat}), by tap name or MAC. */
    public InterfaceStats interfaceStats(String ref, String device) {
        DomainObj obj = registry.lookup(ref);
        Running r = running(obj);
        InterfaceDef card = null;
        for (InterfaceDef n : r.def().devices().interfaces()) {
            if (device.equals(n.targetDev()) || device.equalsIgnoreCase(n.mac())) {
                card = n;
            }
        }
        if (card == null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "invalid path, '" + device
                    + "' is not a known interface of domain '" + obj.name() + "'; see 'jvirt domiflist " + obj.name()
                    + "'.");
        }
        if (card.targetDev() == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The interface " + card.mac() + " of domain '"
                    + obj.name() + "' has no host device (user-mode networking lives inside QEMU), so the host "
                    + "counts none of its traffic.");
        }
        String dev = card.targetDev();
        HostReadings.NetCounters c = host.netCounters(dev).orElseThrow(() -> new DaemonException(
                ErrorCode.HOST_RESOURCE, "The host device " + dev + " of domain '" + obj.name()
                + "' has no counters in /sys/class/net; it may have been removed by hand."));
        // the tap's host side: what it sent is what the guest received
        return new InterfaceStats(dev, c.txBytes(), c.txPackets(), c.txErrors(), c.txDropped(), c.rxBytes(),
                c.rxPackets(), c.rxErrors(), c.rxDropped());
    }

    /**
     * Statistics of domains ({@code domstats}): the named ones (refused as a whole when one is
     * unknown), else every domain the filter keeps; collected in parallel, one virtual thread
     * per domain.
     */
    public List<DomainStats> stats(Set<StatsGroup> groups, StatsFilter filter, List<String> refs) {
        List<DomainObj> objs = new ArrayList<>();
        if (refs.isEmpty()) {
            for (DomainObj d : registry.all()) {
                if (d.visible && filter.keeps(d.status().active(), d.persistent(), d.status().state())) {
                    objs.add(d);
                }
            }
        } else {
            for (String ref : refs) {
                objs.add(registry.lookup(ref));
            }
        }
        if (objs.size() == 1) {
            return List.of(collector.collect(sample(objs.getFirst()), groups));
        }
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<DomainStats>> pending = new ArrayList<>();
            for (DomainObj d : objs) {
                pending.add(each.submit(() -> collector.collect(sample(d), groups)));
            }
            List<DomainStats> out = new ArrayList<>();
            for (Future<DomainStats> f : pending) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "interrupted while collecting domain statistics.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DaemonException(ErrorCode.INTERNAL, "collecting domain statistics failed: " + e.getCause() + ".");
        }
    }

    private static DomainSample sample(DomainObj d) {
        QemuProcess q = d.qemu();
        DomainDef def = d.currentDef();
        // libvirt's reason words: StateCodes numbers them within each state's enum
        String reason = d.status().reason() == null ? null : d.status().reason().word();
        return q == null ? new DomainSample(d.name(), d.status().state(), reason, def, 0, null)
                : new DomainSample(d.name(), d.status().state(), reason, def, q.pid(), q.monitor());
    }

    /**
     * The CPU time of a running domain's QEMU ({@code cpu-stats --total}), from /proc: jvirt has
     * no cpuacct cgroup, so there is no per-host-CPU breakdown.
     */
    public DomainCpuStats cpuStats(String ref) {
        DomainObj obj = registry.lookup(ref);
        Running r = running(obj);
        HostReadings.CpuTimes t = host.processTimes(r.qemu().pid()).orElseThrow(() -> new DaemonException(
                ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' stopped while its CPU time was being read."));
        return new DomainCpuStats(t.totalNs(), t.userNs(), t.systemNs());
    }

    /** A picture of the display ({@code screenshot}), as QEMU's screendump writes it. */
    public byte[] screenshot(String ref, int screen, ScreenFormat format) {
        DomainObj obj = registry.lookup(ref);
        Running r = running(obj);
        if (r.def().devices().videos().isEmpty() && r.def().devices().graphics().isEmpty()) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "Domain '" + obj.name()
                    + "' has no video device, so it has no screen to take a picture of.");
        }
        int videos = Math.max(1, r.def().devices().videos().size());
        if (screen < 0 || screen >= videos) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Domain '" + obj.name() + "' has no screen "
                    + screen + "; its screens are 0 to " + (videos - 1) + ".");
        }
        Path file = runner.runDir(obj).resolve("screendump-" + UUID.randomUUID() + switch (format) {
            case PNG -> ".png";
            case PPM -> ".ppm";
        });
        try {
            String device = screen == 0 ? null : "video" + screen;
            ask(obj, m -> {
                m.screendump(file, device, 0, format);
                return null;
            });
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "QEMU's picture of domain '" + obj.name()
                    + "' cannot be read from " + file + ": " + e.getMessage() + ".", e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the run directory goes with the domain
            }
        }
    }

    /** Presses keys together in the guest ({@code send-key}); every bad key is named at once. */
    public void sendKey(String ref, SendKeyRequest request) {
        DomainObj obj = registry.lookup(ref);
        running(obj);
        KeyCodes.Codeset codeset = KeyCodes.Codeset.of(request.codeset() == null ? "linux" : request.codeset())
                .orElseThrow(() -> new DaemonException(ErrorCode.UNSUPPORTED, "The code set '" + request.codeset()
                        + "' is not one jvirt translates; use linux (the default), qnum or rfb."));
        if (request.keys().isEmpty() || request.keys().size() > MAX_KEYS) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "send-key takes 1 to " + MAX_KEYS
                    + " keys at once; " + request.keys().size() + " were given.");
        }
        if (request.holdtimeMs() < 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The hold time must not be negative.");
        }
        List<Integer> qnums = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String k : request.keys()) {
            KeyCodes.qnum(codeset, k).ifPresentOrElse(qnums::add, () -> bad.add("'" + k + "'"));
        }
        if (!bad.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "invalid keycode: " + String.join(", ", bad)
                    + (codeset == KeyCodes.Codeset.LINUX ? "; give Linux key names such as KEY_A or their numbers."
                    : "; give QEMU's key numbers, from 1 to 255."));
        }
        ask(obj, m -> {
            m.sendKey(qnums, request.holdtimeMs());
            return null;
        });
    }

    /**
     * Runs a user's monitor command ({@code qemu-monitor-command}) and marks the running
     * domain tainted, as libvirt does: what the command changed is outside what jvirt knows.
     */
    public String monitorCommand(String ref, String command, boolean hmp) {
        DomainObj obj = registry.lookup(ref);
        running(obj);
        obj.monitorTaint = obj.qemu();
        markTainted(obj);
        try {
            return ask(obj, m -> hmp ? m.humanCommand(command) : m.passthrough(command));
        } catch (DaemonException e) {
            if (e.getCause() instanceof QmpException q && q.kind() == QmpException.Kind.PROTOCOL) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, q.getMessage(), q);
            }
            throw e;
        }
    }

    /** Leaves the taint in the run directory, so that a restarted daemon still reports it. */
    private void markTainted(DomainObj obj) {
        try {
            Path mark = runner.runDir(obj).resolve(TAINT_MARK);
            if (!Files.exists(mark)) {
                PrivateFiles.createFile(mark);
                // libvirt's daemon log line for the same taint
                LOG.warning("Domain id=" + obj.status().id() + " name='" + obj.name() + "' uuid=" + obj.uuid()
                        + " is tainted: custom-monitor");
            }
        } catch (IOException | DaemonException e) {
            LOG.warning("domain " + obj.name() + ": the monitor taint could not be recorded in its run directory "
                    + "(a restarted daemon will not report it): " + e.getMessage());
        }
    }

    /** After a daemon restart: a QEMU that got a user's monitor command before stays tainted. */
    static void restoreTaint(DomainObj obj, Path runDir) {
        QemuProcess q = obj.qemu();
        if (q != null && Files.exists(runDir.resolve(TAINT_MARK))) {
            obj.monitorTaint = q;
        }
    }

    private record Running(DomainDef def, QemuProcess qemu) { }

    private static Running running(DomainObj obj) {
        QemuProcess q = obj.qemu();
        DomainDef live = obj.liveDef();
        if (q == null || live == null || !obj.status().active()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not running.");
        }
        return new Running(live, q);
    }

    private static DomainDef def(DomainObj obj) {
        DomainDef def = obj.currentDef();
        if (def == null) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + obj.name() + "' does not exist.");
        }
        return def;
    }

    private static DiskDef disk(DomainObj obj, DomainDef def, String device) {
        return BlockViews.find(def, device).orElseThrow(() -> new DaemonException(ErrorCode.INVALID_ARGUMENT,
                "invalid argument: invalid path " + device + " not assigned to domain '" + obj.name()
                        + "'; see 'jvirt domblklist " + obj.name() + "'."));
    }

    /** Asks the running QEMU; a monitor failure becomes HYPERVISOR_FAILED, a QEMU gone INVALID_STATE. */
    private static <T> T ask(DomainObj obj, Function<QemuMonitor, T> question) {
        QemuProcess q = obj.qemu();
        if (q == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not running.");
        }
        try {
            return question.apply(q.monitor());
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.CLOSED) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                        + "' stopped while QEMU was being asked.", e);
            }
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': " + e.getMessage(), e);
        }
    }

    /** Whether the domain's running QEMU got a user's monitor command (libvirt's custom-monitor taint). */
    static boolean monitorTainted(DomainObj obj) {
        QemuProcess q = obj.qemu();
        return q != null && obj.monitorTaint == q;
    }
}
