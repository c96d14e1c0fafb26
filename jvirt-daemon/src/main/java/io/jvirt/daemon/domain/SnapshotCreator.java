package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.conf.snapshot.SnapshotXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.Quiesce;
import io.jvirt.daemon.domain.SnapshotCommand.CreateFlag;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.SnapshotLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Takes snapshots: internal ones with the image engine (domain off) or QEMU's snapshot-save
 * job (running; the VM state in a file beside the metadata), external ones as overlays made
 * by the image engine and, while the domain runs, switched to with one blockdev-snapshot
 * transaction (the memory saved before, while the CPUs wait). Each step is recorded in the
 * job record before it runs; a failure undoes what was done through the same recovery that a
 * daemon restart runs ({@link SnapshotRecovery}). The domain's job lock is held throughout.
 */
final class SnapshotCreator {
    private static final Logger LOG = Logger.getLogger(SnapshotCreator.class.getName());
    static final String KIND = "snapshot-create";

    private final SnapshotContext ctx;
    private final SnapshotSteps steps;

    SnapshotCreator(SnapshotContext ctx, SnapshotSteps steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    /** Takes (or redefines) a snapshot and returns its name. */
    String create(DomainObj obj, SnapshotCommand.Create c) {
        Set<CreateFlag> flags = c.flags();
        checkFlags(flags);
        SnapshotDef input = parse(c.xml());
        if (flags.contains(CreateFlag.REDEFINE)) {
            return SnapshotRedefine.redefine(steps, obj, input, flags.contains(CreateFlag.CURRENT),
                    flags.contains(CreateFlag.DISK_ONLY));
        }
        boolean active = obj.status().active();
        DomainDef def = active ? obj.liveDef() : obj.persistentDef();
        SnapshotPlanner.Domain dom = new SnapshotPlanner.Domain(obj.name(), obj.status().state(), active,
                DomainService.withoutResolvedVolumes(def), obj.persistentDef());
        SnapshotPlan plan = SnapshotPlanner.plan(dom, input, flags, obj.snapshots(),
                Instant.now().getEpochSecond());
        boolean reuse = flags.contains(CreateFlag.REUSE_EXTERNAL);
        checkTargets(obj, plan, reuse);
        SnapshotDef s = plan.snapshot();
        boolean wasRunning = obj.status().state() == DomainState.RUNNING;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(SnapshotFacts.SNAPSHOT, SnapshotFacts.xml(s));
        facts.put(SnapshotFacts.KIND, plan.kind().name());
        facts.put(SnapshotFacts.ACTIVE, Boolean.toString(active));
        facts.put(SnapshotFacts.WAS_RUNNING, Boolean.toString(wasRunning));
        facts.put(SnapshotFacts.NO_METADATA, Boolean.toString(flags.contains(CreateFlag.NO_METADATA)));
        long t0 = System.nanoTime();
        try (JobHandle job = ctx.jobs().begin(obj.uuid(), obj, JobOperation.SNAPSHOT, KIND, "planned", facts)) {
            try {
                switch (plan.kind()) {
                    case INTERNAL -> {
                        if (active) {
                            internalRunning(obj, plan, job, wasRunning);
                        } else {
                            internalOff(obj, plan, job, def);
                        }
                    }
                    case EXTERNAL -> {
                        if (active) {
                            externalRunning(obj, plan, job, wasRunning, reuse, flags.contains(CreateFlag.QUIESCE));
                        } else {
                            externalOff(obj, plan, job, def, reuse);
                        }
                    }
                }
                job.phase("metadata");
                if (!flags.contains(CreateFlag.NO_METADATA)) {
                    steps.record(obj, s, true);
                }
                job.step("done");
                if (flags.contains(CreateFlag.HALT) && obj.status().active()) {
                    ctx.runner().stopForSnapshot(obj);
                }
                job.succeeded();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                LOG.info(() -> "domain " + obj.name() + ": snapshot " + s.name() + " ("
                        + plan.kind().name().toLowerCase(Locale.ROOT) + (plan.withMemory() ? ", with memory" : "")
                        + ") taken in " + ms + " ms (" + job.timeline() + ")");
                return s.name();
            } catch (RuntimeException e) {
                job.failed(e);
                steps.undo(obj, job);
                throw e;
            }
        }
    }

    private static void checkFlags(Set<CreateFlag> flags) {
        List<String> problems = new ArrayList<>();
        if (flags.contains(CreateFlag.CURRENT) && !flags.contains(CreateFlag.REDEFINE)) {
            problems.add("--current goes with --redefine only.");
        }
        if (flags.contains(CreateFlag.REDEFINE) && flags.contains(CreateFlag.NO_METADATA)) {
            problems.add("--redefine and --no-metadata exclude each other: a redefinition is metadata.");
        }
        if (flags.contains(CreateFlag.REDEFINE) && flags.contains(CreateFlag.LIVE)) {
            problems.add("--redefine and --live exclude each other.");
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, String.join(" ", problems));
        }
    }

    static SnapshotDef parse(String xml) {
        try {
            return SnapshotXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    /**
     * libvirt's rules for external targets: a new overlay or memory file must not exist with
     * data in it, unless reused; a reused one must exist.
     */
    private static void checkTargets(DomainObj obj, SnapshotPlan plan, boolean reuse) {
        List<String> problems = new ArrayList<>();
        SnapshotDef s = plan.snapshot();
        for (SnapshotDiskDef d : plan.captured()) {
            if (d.snapshot() == SnapshotLocation.EXTERNAL) {
                target(Path.of(d.source()), "overlay of disk " + d.name(), reuse, problems);
            }
        }
        if (s.memory() != null && s.memory().snapshot() == SnapshotLocation.EXTERNAL) {
            target(Path.of(s.memory().file()), "memory file", reuse, problems);
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "snapshot '" + s.name() + "' of domain '" + obj.name()
                    + "' cannot be taken: " + String.join(" ", problems));
        }
    }

    private static void target(Path p, String what, boolean reuse, List<String> problems) {
        boolean exists = Files.exists(p);
        if (reuse && !exists) {
            problems.add("The " + what + " " + p + " does not exist, and --reuse-external needs it to.");
        }
        if (!reuse && exists) {
            problems.add("The " + what + " " + p + " exists already; remove it, give another file, or use "
                    + "--reuse-external.");
        }
        if (!Files.isDirectory(p.toAbsolutePath().getParent())) {
            problems.add("The directory of the " + what + " " + p + " does not exist.");
        }
    }

    // ---- internal

    /** The image engine takes the snapshot in each image; a failure removes it from those done. */
    private void internalOff(DomainObj obj, SnapshotPlan plan, JobHandle job, DomainDef def) {
        job.phase("images");
        for (SnapshotDiskDef d : plan.captured()) {
            job.checkCancelled();
            SnapshotImages.create(Path.of(SnapshotDisks.disk(def, d.name()).localPath()), plan.snapshot().name());
        }
    }

    /**
     * QEMU's snapshot-save with the CPUs stopped: every disk's top image gets the snapshot, the
     * VM state goes to its own qcow2 file beside the metadata (written without flushes, then
     * made durable while QEMU still writes, see {@link SnapshotSteps#saveMemory}).
     */
    private void internalRunning(DomainObj obj, SnapshotPlan plan, JobHandle job, boolean wasRunning) {
        QemuProcess q = ctx.runner().requireActive(obj);
        QemuMonitor m = q.monitor();
        SnapshotDef s = plan.snapshot();
        Map<String, String> tops = BlockGraph.of(m).tops(obj.liveDef());
        List<String> devices = new ArrayList<>();
        for (SnapshotDiskDef d : plan.captured()) {
            String node = tops.get(d.name());
            if (node == null) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU has no image of disk " + d.name()
                        + " of domain '" + obj.name() + "' open; the snapshot was not taken.");
            }
            devices.add(node);
        }
        Path vmstate = ctx.store().newVmstate(obj.name(), s.name());
        steps.pause(obj, wasRunning);
        steps.saveMemory(obj, job, vmstate, devices, s.name(), SnapshotFacts.VMSTATE);
        steps.resume(obj, job, wasRunning);
    }

    // ---- external

    /** Overlays made by the image engine; the persistent definition then points at them (the commit point). */
    private void externalOff(DomainObj obj, SnapshotPlan plan, JobHandle job, DomainDef def, boolean reuse) {
        Map<String, String> overlays = new LinkedHashMap<>();
        for (SnapshotDiskDef d : plan.captured()) {
            overlays.put(d.name(), d.source());
        }
        job.phase("overlays");
        steps.makeOverlays(job, def, overlays, reuse);
        job.checkCancelled();
        job.phase("define");
        DomainDef after = SnapshotDisks.withOverlays(obj.persistentDef(), overlays);
        ctx.definitions().persist(obj, after);
    }

    /**
     * Overlays made by the image engine and added to QEMU; with memory, the CPUs stop and the
     * memory is saved first (of a running guest, a migration stream in libvirt's save-image
     * format, as libvirt writes it; of a paused one, which must stay paused, QEMU's
     * snapshot-save into a qcow2 VM state); then one transaction switches every disk (the commit
     * point), the definitions follow, and the CPUs run again.
     */
    private void externalRunning(DomainObj obj, SnapshotPlan plan, JobHandle job, boolean wasRunning, boolean reuse,
                                 boolean quiesce) {
        QemuProcess q = ctx.runner().requireActive(obj);
        QemuMonitor m = q.monitor();
        SnapshotDef s = plan.snapshot();
        DomainDef live = obj.liveDef();
        Quiesce frozen = quiesce ? steps.quiesce(obj) : null; // refused before anything is made without an agent
        Map<String, String> tops = BlockGraph.of(m).tops(live);
        Map<String, String> overlays = new LinkedHashMap<>();
        for (SnapshotDiskDef d : plan.captured()) {
            if (!tops.containsKey(d.name())) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU has no image of disk " + d.name()
                        + " of domain '" + obj.name() + "' open; the snapshot was not taken.");
            }
            overlays.put(d.name(), d.source());
        }
        job.phase("overlays");
        steps.makeOverlays(job, live, overlays, reuse);
        job.step("attach");
        List<SnapshotLink> links = new ArrayList<>();
        for (Map.Entry<String, String> o : overlays.entrySet()) {
            DiskDef disk = SnapshotDisks.disk(live, o.getKey());
            String fmt = SnapshotFacts.overlayNode(job.record(), o.getKey());
            BlockNode.Cache cache = SnapshotFacts.cache(disk.driver().cache());
            m.blockdevAdd(new BlockNode.File(SnapshotFacts.fileNode(fmt), o.getValue(), cache, null, false));
            m.blockdevAdd(new BlockNode.Qcow2(fmt, SnapshotFacts.fileNode(fmt), new BlockNode.Backing.None(), cache,
                    false, disk.driver().discard() == null ? null : disk.driver().discard().xml()));
            links.add(new SnapshotLink(tops.get(o.getKey()), fmt));
        }
        boolean memory = plan.withMemory();
        if (memory) {
            steps.pause(obj, wasRunning);
            if (wasRunning) {
                steps.streamMemory(obj, job, Path.of(s.memory().file()),
                        SaveImage.of(DomainXml.format(live, Secrets.INCLUDE), true), SnapshotFacts.MEMORY, false);
            } else {
                // a completed migration leaves QEMU unable to migrate again, and its disks let go,
                // until the CPUs run: a paused guest that is to stay paused gets a qcow2 VM state
                steps.saveMemory(obj, job, Path.of(s.memory().file()), null, s.name(), SnapshotFacts.MEMORY);
            }
        }
        job.checkCancelled();
        job.step("switch");
        if (frozen != null) {
            frozen.run(() -> {
                m.blockdevSnapshot(links);
                return null;
            });
        } else {
            m.blockdevSnapshot(links);
        }
        job.step("switched");
        steps.followOverlays(obj, overlays);
        if (memory) {
            steps.resume(obj, job, wasRunning);
        }
    }
}
