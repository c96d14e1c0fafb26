package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.conf.snapshot.SnapshotState;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.SnapshotCommand.RevertFlag;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Reverts a domain to a snapshot. An internal snapshot with memory is loaded into the running
 * QEMU with snapshot-load when the domain still has the hardware it had (no new process, the
 * fast path), else into a QEMU started from the snapshot's definition; an internal snapshot of
 * a shut-off domain is applied to the images by the image engine. An external snapshot gets a
 * new overlay on each of its images (the images stay as they were, so the snapshot can be
 * reverted to again); the definitions point at the overlays, and a QEMU started from them loads
 * the memory file, if any. Overlays of the state left behind that jvirt made and nothing needs
 * any more are removed. Events and reasons are libvirt's ("from snapshot").
 *
 * <p>Every step is idempotent and recorded before it runs: once the domain has been touched,
 * a failure or a crash finishes the revert from the recorded step ({@link #recover}).
 */
final class SnapshotReverter {
    static final String KIND = "snapshot-revert";
    private static final Logger LOG = Logger.getLogger(SnapshotReverter.class.getName());
    private static final String MODE = "mode";
    /** How long QEMU may take to load an external snapshot's memory after its last byte arrived. */
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final String FINAL = "final";
    private static final String WAS_ACTIVE = "wasActive";
    /** The disks' top images before an external revert, which it may remove. */
    private static final String LEFT_BEHIND = "leftBehind";

    /** How the revert goes. */
    enum Mode {
        /** snapshot-load into the running QEMU. */
        IN_PLACE,
        /** A QEMU started from the snapshot's definition, then snapshot-load. */
        RESTART,
        /** The image engine applies the snapshot; the domain stays off unless asked to run. */
        OFFLINE,
        /** New overlays on the snapshot's images; a QEMU loads the memory file if there is one. */
        EXTERNAL
    }

    /** How the domain ends up. */
    enum Final {
        RUNNING,
        PAUSED,
        OFF
    }

    private final SnapshotContext ctx;
    private final SnapshotSteps steps;

    SnapshotReverter(SnapshotContext ctx, SnapshotSteps steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    void revert(DomainObj obj, SnapshotCommand.Revert c) {
        Set<RevertFlag> flags = c.flags();
        if (flags.contains(RevertFlag.RUNNING) && flags.contains(RevertFlag.PAUSED)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--running and --paused exclude each other.");
        }
        if (flags.contains(RevertFlag.RESET_NVRAM)) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "--reset-nvram is not supported yet: jvirt keeps no "
                    + "firmware variable store templates.");
        }
        SnapshotDef s = obj.snapshots().get(c.name());
        if (s == null) {
            throw SnapshotService.noSnapshot(obj, c.name());
        }
        boolean active = obj.status().active();
        validate(obj, s, flags);
        Final fin = finalState(s, flags);
        Mode mode = mode(obj, s, active);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(SnapshotFacts.NAME, s.name());
        facts.put(MODE, mode.name());
        facts.put(FINAL, fin.name());
        facts.put(WAS_ACTIVE, Boolean.toString(active));
        if (mode == Mode.EXTERNAL) {
            newOverlays(s).forEach((t, p) -> facts.put(SnapshotFacts.OVERLAY + t, p));
            DomainDef now = active ? obj.liveDef() : obj.persistentDef();
            if (now != null) {
                facts.put(LEFT_BEHIND, String.join("\n", now.devices().disks().stream().map(DiskDef::localPath)
                        .filter(p -> p != null).toList()));
            }
        }
        try (JobHandle job = ctx.jobs().begin(obj.uuid(), obj, JobOperation.SNAPSHOT_REVERT, KIND, "planned", facts)) {
            try {
                run(obj, s, job.record(), job, "planned");
                job.succeeded();
            } catch (RuntimeException e) {
                job.failed(e);
                if (!job.record().phase().equals("planned")) {
                    steps.undo(obj, job);
                }
                throw e;
            }
        }
    }

    /** Finishes an interrupted revert from its recorded step (or leaves the domain alone before it began). */
    void recover(DomainObj obj, JobRecord r) {
        if (r.phase().equals("planned") || r.phase().equals("done")) {
            return;
        }
        SnapshotDef s = obj.snapshots().get(r.fact(SnapshotFacts.NAME));
        if (s == null) {
            throw new IllegalStateException("snapshot " + r.fact(SnapshotFacts.NAME) + " is gone");
        }
        run(obj, s, r, null, r.phase());
        LOG.info("domain " + obj.name() + ": finished the revert to snapshot '" + s.name() + "' from step " + r.phase());
    }

    private static final List<String> PHASES = List.of("planned", "stop", "disks", "define", "start", "load",
            "current", "run", "cleanup", "done");

    /** Runs the steps from {@code from} on; {@code job} is null in a recovery. */
    private void run(DomainObj obj, SnapshotDef s, JobRecord r, JobHandle job, String from) {
        Mode mode = Mode.valueOf(r.fact(MODE));
        Final fin = Final.valueOf(r.fact(FINAL));
        Map<String, String> overlays = SnapshotFacts.overlays(r);
        String left = r.fact(LEFT_BEHIND);
        List<String> leftBehind = left == null || left.isEmpty() ? List.of() : List.of(left.split("\n"));
        int start = PHASES.indexOf(from);
        for (int i = Math.max(1, start); i < PHASES.size(); i++) {
            String phase = PHASES.get(i);
            if (job != null) {
                job.phase(phase);
            }
            switch (phase) {
                case "stop" -> {
                    if (mode != Mode.IN_PLACE && obj.status().active()) {
                        ctx.runner().stopForSnapshot(obj);
                    } else if (mode == Mode.IN_PLACE && obj.status().active()) {
                        pauseForLoad(obj);
                    }
                }
                case "disks" -> {
                    if (mode == Mode.OFFLINE) {
                        applyInternal(s);
                    } else if (mode == Mode.EXTERNAL) {
                        makeOverlays(s, overlays, job);
                    }
                }
                case "define" -> define(obj, s, mode, overlays);
                case "start" -> {
                    boolean wantQemu = mode == Mode.IN_PLACE || mode == Mode.RESTART || fin != Final.OFF;
                    if (wantQemu && !obj.status().active()) {
                        boolean stream = mode == Mode.EXTERNAL && hasMemoryFile(s) && s.state().active()
                                && SaveImage.isOne(Path.of(s.memory().file()));
                        ctx.runner().start(obj, addressed(liveConfig(s, mode, overlays)), true, stream
                                ? DomainRunner.StartPurpose.FROM_SNAPSHOT_MEMORY : DomainRunner.StartPurpose.FROM_SNAPSHOT);
                    }
                }
                case "load" -> {
                    if (s.state().active() && (mode == Mode.IN_PLACE || mode == Mode.RESTART
                            || mode == Mode.EXTERNAL && hasMemoryFile(s)) && obj.status().active()) {
                        load(obj, s, mode, r, job);
                    }
                }
                case "current" -> steps.record(obj, s, true);
                case "run" -> finish(obj, fin, mode);
                case "cleanup" -> {
                    if (mode == Mode.EXTERNAL) {
                        removeLeftBehind(obj, leftBehind);
                    }
                }
                case "done" -> { }
                default -> throw new IllegalStateException(phase);
            }
        }
    }

    // ---- decisions (before anything changes)

    private static void validate(DomainObj obj, SnapshotDef s, Set<RevertFlag> flags) {
        boolean run = flags.contains(RevertFlag.RUNNING) || flags.contains(RevertFlag.PAUSED);
        if (!obj.persistent() && !s.state().active() && !run) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The transient domain '" + obj.name() + "' must run or "
                    + "be paused after a revert to the offline snapshot '" + s.name() + "'; give --running or --paused.");
        }
        if (s.domain() == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Snapshot '" + s.name() + "' lacks the definition of "
                    + "domain '" + obj.name() + "' needed to revert to it.");
        }
        if (s.state() == SnapshotState.PMSUSPENDED) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "QEMU cannot revert to a snapshot taken while the guest "
                    + "was suspended to memory.");
        }
        List<String> missing = new ArrayList<>();
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() == null || d.snapshot() == SnapshotLocation.NO) {
                continue;
            }
            DiskDef disk = SnapshotDisks.disk(s.domain(), d.name());
            String path = disk == null ? null : disk.localPath();
            if (path == null) {
                continue;
            }
            if (!Files.exists(Path.of(path))) {
                missing.add("the image " + path + " of disk " + d.name() + " no longer exists");
            } else if (d.snapshot() == SnapshotLocation.INTERNAL && !SnapshotImages.hasSnapshot(Path.of(path), s.name())) {
                missing.add("the image " + path + " of disk " + d.name() + " no longer holds the snapshot");
            }
        }
        if (s.memory() != null && s.memory().file() != null && s.state().active()
                && !Files.exists(Path.of(s.memory().file()))) {
            missing.add("its memory file " + s.memory().file() + " no longer exists");
        }
        if (!missing.isEmpty()) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "Domain '" + obj.name() + "' cannot be reverted to snapshot '"
                    + s.name() + "': " + String.join("; ", missing) + ". Nothing was changed.");
        }
    }

    private static Final finalState(SnapshotDef s, Set<RevertFlag> flags) {
        if (flags.contains(RevertFlag.RUNNING)) {
            return Final.RUNNING;
        }
        if (flags.contains(RevertFlag.PAUSED)) {
            return Final.PAUSED;
        }
        return switch (s.state()) {
            case RUNNING, BLOCKED -> Final.RUNNING;
            case PAUSED -> Final.PAUSED;
            case SHUTDOWN, SHUTOFF, CRASHED, DISK_SNAPSHOT, PMSUSPENDED -> Final.OFF;
        };
    }

    private Mode mode(DomainObj obj, SnapshotDef s, boolean active) {
        if (s.external()) {
            return Mode.EXTERNAL;
        }
        if (!s.state().active()) {
            return Mode.OFFLINE;
        }
        if (active && sameHardware(s.domain(), obj.liveDef())) {
            return Mode.IN_PLACE;
        }
        return Mode.RESTART;
    }

    /** Whether the running QEMU has exactly the hardware and images the snapshot was taken with. */
    private static boolean sameHardware(DomainDef snap, DomainDef live) {
        if (live == null) {
            return false;
        }
        String a = DomainXml.format(DomainService.withoutResolvedVolumes(snap), Secrets.INCLUDE);
        String b = DomainXml.format(DomainService.withoutResolvedVolumes(live), Secrets.INCLUDE);
        return a.equals(b);
    }

    /**
     * The new overlays of an external revert, one per disk the snapshot put an overlay on: a
     * fresh file beside the snapshot's overlay ({@code OVERLAY-revert1}, ...), so that neither
     * the snapshot's images nor a file anything else uses are touched.
     */
    private static Map<String, String> newOverlays(SnapshotDef s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() != SnapshotLocation.EXTERNAL || d.source() == null) {
                continue;
            }
            int n = 1;
            while (Files.exists(Path.of(d.source() + "-revert" + n))) {
                n++;
            }
            out.put(d.name(), d.source() + "-revert" + n);
        }
        return out;
    }

    // ---- steps

    private void pauseForLoad(DomainObj obj) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        if (obj.status().state() == DomainState.RUNNING) {
            obj.setStatus(obj.status().with(DomainState.PAUSED, StateReason.FROM_SNAPSHOT));
            m.stop();
        }
        // libvirt stops the old process and starts a new one: its clients see those events
        ctx.events().publish(obj, DomainLifecycle.STOPPED_FROM_SNAPSHOT);
        ctx.events().publish(obj, DomainLifecycle.STARTED_FROM_SNAPSHOT);
    }

    private static void applyInternal(SnapshotDef s) {
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() == SnapshotLocation.INTERNAL) {
                DiskDef disk = SnapshotDisks.disk(s.domain(), d.name());
                if (disk != null && disk.localPath() != null) {
                    SnapshotImages.apply(Path.of(disk.localPath()), s.name());
                }
            }
        }
    }

    private static void makeOverlays(SnapshotDef s, Map<String, String> overlays, JobHandle job) {
        for (Map.Entry<String, String> o : overlays.entrySet()) {
            Path overlay = Path.of(o.getValue());
            if (Files.exists(overlay)) {
                continue; // made before a crash
            }
            DiskDef disk = SnapshotDisks.disk(s.domain(), o.getKey());
            if (job != null) {
                job.creating(overlay);
            }
            SnapshotImages.createOverlay(overlay, Path.of(disk.localPath()), SnapshotDisks.format(disk));
        }
    }

    /** The definition the domain runs with after the revert: the snapshot's, on the new overlays. */
    private static DomainDef liveConfig(SnapshotDef s, Mode mode, Map<String, String> overlays) {
        DomainDef d = s.domain();
        return mode == Mode.EXTERNAL ? SnapshotDisks.withOverlays(d, overlays) : d;
    }

    private void define(DomainObj obj, SnapshotDef s, Mode mode, Map<String, String> overlays) {
        if (!obj.persistent()) {
            return;
        }
        DomainDef config = s.inactiveDomain() != null ? s.inactiveDomain() : s.domain();
        if (mode == Mode.EXTERNAL) {
            config = SnapshotDisks.withOverlays(config, overlays);
        }
        config = config.withName(obj.name());
        if (!DomainXml.format(config, Secrets.INCLUDE).equals(DomainXml.format(obj.persistentDef(), Secrets.INCLUDE))) {
            ctx.definitions().persist(obj, config);
            ctx.events().publish(obj, DomainLifecycle.DEFINED_FROM_SNAPSHOT);
        }
    }

    private static DomainDef addressed(DomainDef def) {
        return io.jvirt.qemu.address.AddressAssigner.assign(def);
    }

    private static boolean hasMemoryFile(SnapshotDef s) {
        return s.memory() != null && s.memory().file() != null;
    }

    /**
     * Loads the VM state: an external snapshot's memory file in libvirt's save-image format is
     * streamed into the QEMU started for it; otherwise snapshot-load reads the disks' internal
     * snapshots and the VM state (a qcow2 VM state beside the metadata or in the memory file
     * of a snapshot of a paused guest, or in a disk).
     */
    private void load(DomainObj obj, SnapshotDef s, Mode mode, JobRecord r, JobHandle job) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        Path memoryFile = mode == Mode.EXTERNAL ? Path.of(s.memory().file()) : null;
        if (memoryFile != null && SaveImage.isOne(memoryFile)) {
            long memory = SnapshotSteps.memoryBytes(obj);
            IncomingStream.load(m, ctx.runner().context(obj).incomingSocket(), memoryFile,
                    SaveImage.read(memoryFile).streamOffset(), false, LOAD_TIMEOUT, sent -> {
                        if (job != null) {
                            job.active().memoryProgress(sent, memory);
                        }
                    });
            return;
        }
        List<String> devices = new ArrayList<>();
        Map<String, String> tops = BlockGraph.of(m).tops(obj.liveDef());
        for (SnapshotDiskDef d : s.disks()) {
            if (memoryFile == null && d.snapshot() == SnapshotLocation.INTERNAL) {
                String node = tops.get(d.name());
                if (node == null) {
                    throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU has no image of disk " + d.name()
                            + " open; the snapshot '" + s.name() + "' cannot be loaded.");
                }
                devices.add(node);
            }
        }
        Path file = memoryFile != null ? memoryFile : ctx.store().vmstateOf(obj.name(), s.name());
        String vmNode;
        String memNode = null;
        if (Files.exists(file)) {
            memNode = SnapshotFacts.memoryNode(r);
            SnapshotSteps.detach(m, memNode);
            m.blockdevAdd(new BlockNode.File(SnapshotFacts.fileNode(memNode), file.toString(), BlockNode.Cache.WRITEBACK,
                    null, false));
            m.blockdevAdd(new BlockNode.Qcow2(memNode, SnapshotFacts.fileNode(memNode), new BlockNode.Backing.None(),
                    BlockNode.Cache.WRITEBACK, false, null));
            devices.add(memNode);
            vmNode = memNode;
        } else if (!devices.isEmpty()) {
            vmNode = devices.getFirst(); // a snapshot libvirt took: the VM state is in the first disk
        } else {
            throw new DaemonException(ErrorCode.NOT_FOUND, "The memory of snapshot '" + s.name() + "' is not in "
                    + file + " nor in any disk.");
        }
        String qjob = SnapshotFacts.qemuJob(r, "load");
        try {
            m.snapshotLoad(qjob, s.name(), vmNode, devices);
            QemuJob done = steps.awaitJob(obj, m, qjob, job);
            if (done.error() != null) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not load snapshot '" + s.name()
                        + "' of domain '" + obj.name() + "': " + done.error() + ".");
            }
        } finally {
            if (memNode != null) {
                SnapshotSteps.detach(m, memNode);
            }
        }
    }

    /** The CPUs run, wait, or QEMU ends, with libvirt's events. */
    private void finish(DomainObj obj, Final fin, Mode mode) {
        if (!obj.status().active()) {
            return;
        }
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        switch (fin) {
            case RUNNING -> {
                obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.FROM_SNAPSHOT));
                m.cont();
                ctx.events().publish(obj, DomainLifecycle.RESUMED_FROM_SNAPSHOT);
            }
            case PAUSED -> {
                obj.setStatus(obj.status().with(DomainState.PAUSED, StateReason.FROM_SNAPSHOT));
                ctx.events().publish(obj, DomainLifecycle.SUSPENDED_FROM_SNAPSHOT);
            }
            case OFF -> ctx.runner().stopForSnapshot(obj);
        }
    }

    /**
     * Removes the images the domain used before the revert that jvirt made (an overlay of a
     * snapshot or of an earlier revert) and that nothing needs any more: not in the domain's
     * chains, not the image of any snapshot, not below either.
     */
    private void removeLeftBehind(DomainObj obj, List<String> before) {
        SnapshotFiles files = SnapshotFiles.of(obj);
        for (String p : before) {
            if (files.owned(p) && !files.needed(p)) {
                try {
                    Files.deleteIfExists(Path.of(p));
                    LOG.info("domain " + obj.name() + ": removed " + p + ", the state the revert left behind");
                } catch (java.io.IOException e) {
                    LOG.warning("cannot remove " + p + " left behind by a revert: " + e.getMessage());
                }
            }
        }
    }
}
