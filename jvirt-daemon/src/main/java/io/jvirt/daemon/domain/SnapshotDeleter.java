package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.SnapshotCommand.DeleteFlag;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Deletes snapshots. An internal one leaves the images (QEMU's snapshot-delete job while the
 * domain runs, the image engine when it is off) and its VM state file goes. An external one
 * anywhere in a chain, in the middle too (which libvirt 9.0 refuses), has its overlay's data
 * merged into the image below with a block commit (QEMU's block-commit while the domain runs:
 * an active commit with a pivot when the overlay is the disk's top; the image engine when it
 * is off), the layer leaves the definitions, the snapshots taken later now name the image
 * below, and the overlay and memory file are removed. Children move up to the deleted
 * snapshot's parent, as in libvirt. Each step is idempotent and recorded before it runs; an
 * interrupted delete is finished from its step ({@link #recover}).
 */
final class SnapshotDeleter {
    static final String KIND = "snapshot-delete";
    private static final Logger LOG = Logger.getLogger(SnapshotDeleter.class.getName());
    private static final String TARGETS = "targets";

    private final SnapshotContext ctx;
    private final SnapshotSteps steps;

    SnapshotDeleter(SnapshotContext ctx, SnapshotSteps steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    /** Deletes per the command; returns whether the snapshot itself went (false with --children-only). */
    void delete(DomainObj obj, SnapshotCommand.Delete c) {
        Set<DeleteFlag> flags = c.flags();
        if (flags.contains(DeleteFlag.CHILDREN) && flags.contains(DeleteFlag.CHILDREN_ONLY)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--children and --children-only exclude each other.");
        }
        SnapshotTree tree = obj.snapshots();
        SnapshotDef s = tree.get(c.name());
        if (s == null) {
            throw SnapshotService.noSnapshot(obj, c.name());
        }
        List<String> targets = new ArrayList<>();
        if (flags.contains(DeleteFlag.CHILDREN) || flags.contains(DeleteFlag.CHILDREN_ONLY)) {
            List<SnapshotDef> below = new ArrayList<>(tree.descendants(s.name()));
            java.util.Collections.reverse(below);
            below.forEach(d -> targets.add(d.name()));
        }
        if (!flags.contains(DeleteFlag.CHILDREN_ONLY)) {
            targets.add(s.name());
        }
        boolean metadataOnly = flags.contains(DeleteFlag.METADATA_ONLY);
        if (!metadataOnly && targets.size() == 1) {
            check(obj, tree.get(targets.getFirst()));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(TARGETS, String.join("\n", targets));
        facts.put(SnapshotFacts.FLAGS, metadataOnly ? "metadata" : "");
        try (JobHandle job = ctx.jobs().begin(obj.uuid(), obj, JobOperation.SNAPSHOT_DELETE, KIND, "planned", facts)) {
            try {
                run(obj, job.record(), job, 0, null);
                job.succeeded();
            } catch (RuntimeException e) {
                job.failed(e);
                if (!job.record().phase().equals("planned")) {
                    // the images may be half way: a delete is finished, never undone
                    LOG.warning("domain " + obj.name() + ": deleting snapshots stopped at " + job.record().phase()
                            + " (" + e.getMessage() + "); it is finished at the daemon's next start.");
                    job.keepRecord();
                }
                throw e;
            }
        }
    }

    /** Finishes an interrupted delete from its recorded step. */
    void recover(DomainObj obj, JobRecord r) {
        if (r.phase().equals("planned") || r.phase().equals("done")) {
            return;
        }
        List<String> targets = List.of(r.fact(TARGETS).split("\n"));
        String[] at = r.phase().split(":", 2);
        int index = targets.indexOf(at[0]);
        run(obj, r, null, Math.max(0, index), at.length > 1 ? at[1] : null);
    }

    private static final List<String> STEPS = List.of("images", "define", "metadata", "cleanup");

    private void run(DomainObj obj, JobRecord r, JobHandle job, int fromTarget, String fromStep) {
        List<String> targets = List.of(r.fact(TARGETS).split("\n"));
        boolean metadataOnly = "metadata".equals(r.fact(SnapshotFacts.FLAGS));
        for (int t = fromTarget; t < targets.size(); t++) {
            SnapshotDef s = obj.snapshots().get(targets.get(t));
            if (s == null) {
                continue; // deleted before a crash
            }
            int first = t == fromTarget && fromStep != null ? Math.max(0, STEPS.indexOf(fromStep)) : 0;
            if (!metadataOnly && first == 0 && job != null && t > 0) {
                check(obj, s);
            }
            for (int i = first; i < STEPS.size(); i++) {
                String step = STEPS.get(i);
                if (job != null) {
                    job.phase(s.name() + ":" + step);
                    job.checkCancelled();
                }
                switch (step) {
                    case "images" -> {
                        if (!metadataOnly) {
                            if (s.external()) {
                                mergeExternal(obj, s, r, job);
                            } else {
                                deleteInternal(obj, s, r, job);
                            }
                        }
                    }
                    case "define" -> {
                        if (!metadataOnly && s.external()) {
                            dropLayers(obj, s);
                        }
                    }
                    case "metadata" -> forget(obj, s, metadataOnly);
                    case "cleanup" -> {
                        if (!metadataOnly) {
                            removeFiles(obj, s);
                        }
                    }
                    default -> throw new IllegalStateException(step);
                }
            }
        }
        if (job != null) {
            job.phase("done");
        }
    }

    // ---- checks

    /** Refuses, before anything changes, what cannot be deleted cleanly. */
    private void check(DomainObj obj, SnapshotDef s) {
        List<String> problems = new ArrayList<>();
        boolean active = obj.status().active();
        DomainDef current = active ? obj.liveDef() : obj.persistentDef();
        if (!s.external()) {
            for (SnapshotDiskDef d : s.disks()) {
                if (d.snapshot() != SnapshotLocation.INTERNAL || s.domain() == null) {
                    continue;
                }
                DiskDef then = SnapshotDisks.disk(s.domain(), d.name());
                DiskDef now = current == null ? null : SnapshotDisks.disk(current, d.name());
                String path = then == null ? null : then.localPath();
                if (path == null) {
                    continue;
                }
                if (!Files.exists(Path.of(path))) {
                    problems.add("the image " + path + " of disk " + d.name() + " no longer exists (delete with "
                            + "--metadata to drop the snapshot's metadata alone)");
                } else if (active && (now == null || !path.equals(now.localPath()))) {
                    problems.add("the image " + path + " of disk " + d.name() + " holding the internal snapshot is not "
                            + "the one the running domain writes");
                }
            }
        } else {
            SnapshotFiles files = SnapshotFiles.of(obj);
            for (SnapshotDiskDef d : s.disks()) {
                if (d.snapshot() != SnapshotLocation.EXTERNAL || d.source() == null || s.domain() == null) {
                    continue;
                }
                String ov = d.source();
                DiskDef then = SnapshotDisks.disk(s.domain(), d.name());
                String img = then == null ? null : then.localPath();
                DiskDef now = current == null ? null : SnapshotDisks.disk(current, d.name());
                List<String> chain = now == null ? List.of() : SnapshotDisks.chainFiles(now);
                int at = chain.indexOf(ov);
                if (at >= 0) {
                    String below = at + 1 < chain.size() ? chain.get(at + 1) : SnapshotFiles.backingOf(Path.of(ov));
                    if (img == null || !img.equals(below)) {
                        problems.add("the overlay " + ov + " of disk " + d.name() + " no longer lies on " + img);
                    }
                    List<String> siblings = SnapshotFiles.overlaysOf(img, files.known()).stream()
                            .filter(o -> !o.equals(ov)).toList();
                    if (!siblings.isEmpty()) {
                        problems.add("the image " + img + " is also below " + String.join(", ", siblings)
                                + " (another branch of snapshots, after a revert); delete that branch first");
                    }
                } else {
                    for (SnapshotDef other : obj.snapshots().all()) {
                        if (other.name().equals(s.name()) || other.domain() == null) {
                            continue;
                        }
                        DiskDef od = SnapshotDisks.disk(other.domain(), d.name());
                        if (od != null && SnapshotDisks.chainFiles(od).contains(ov)) {
                            problems.add("its overlay " + ov + " is the image of snapshot '" + other.name()
                                    + "', which is not in the domain's current chain; delete that one first, or "
                                    + "both with --children");
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Snapshot '" + s.name() + "' of domain '" + obj.name()
                    + "' cannot be deleted: " + String.join("; ", problems) + ". Nothing was changed.");
        }
    }

    // ---- internal

    private void deleteInternal(DomainObj obj, SnapshotDef s, JobRecord r, JobHandle job) {
        List<String> images = new ArrayList<>();
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() == SnapshotLocation.INTERNAL && s.domain() != null) {
                DiskDef disk = SnapshotDisks.disk(s.domain(), d.name());
                if (disk != null && disk.localPath() != null) {
                    images.add(disk.localPath());
                }
            }
        }
        if (obj.status().active()) {
            QemuMonitor m = ctx.runner().requireActive(obj).monitor();
            BlockGraph g = BlockGraph.of(m);
            List<String> devices = new ArrayList<>();
            for (String p : images) {
                String node = g.formatNode(p);
                if (node != null) {
                    devices.add(node);
                }
            }
            if (!devices.isEmpty()) {
                String qjob = SnapshotFacts.qemuJob(r, "del-" + Integer.toHexString(s.name().hashCode()));
                if (m.queryJobs().stream().noneMatch(j -> j.id().equals(qjob))) {
                    m.snapshotDelete(qjob, s.name(), devices);
                }
                QemuJob done = steps.awaitJob(obj, m, qjob, job);
                if (done.error() != null) {
                    throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not delete snapshot '"
                            + s.name() + "' from the images of domain '" + obj.name() + "': " + done.error() + ".");
                }
            }
        } else {
            for (String p : images) {
                if (Files.exists(Path.of(p))) {
                    SnapshotImages.delete(Path.of(p), s.name());
                }
            }
        }
    }

    // ---- external

    private void mergeExternal(DomainObj obj, SnapshotDef s, JobRecord r, JobHandle job) {
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() != SnapshotLocation.EXTERNAL || d.source() == null || s.domain() == null) {
                continue;
            }
            DiskDef then = SnapshotDisks.disk(s.domain(), d.name());
            String img = then == null ? null : then.localPath();
            if (img == null) {
                continue;
            }
            if (obj.status().active()) {
                commitRunning(obj, d.name(), d.source(), img, r, job);
            } else {
                commitOff(obj, d.name(), d.source());
            }
        }
    }

    /**
     * QEMU's block-commit of {@code ov} into {@code img}: a middle layer's job ends on its own,
     * an active layer's becomes ready and is completed (the disk then writes to {@code img}).
     * Skipped when QEMU no longer has {@code ov} (done before a crash).
     */
    private void commitRunning(DomainObj obj, String target, String ov, String img, JobRecord r, JobHandle job) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        BlockGraph g = BlockGraph.of(m);
        String ovNode = g.formatNode(ov);
        String qjob = SnapshotFacts.qemuJob(r, "commit-" + target);
        boolean running = m.queryJobs().stream().anyMatch(j -> j.id().equals(qjob));
        if (ovNode == null && !running) {
            return;
        }
        if (!running) {
            DiskDef disk = SnapshotDisks.disk(obj.liveDef(), target);
            String top = g.formatNode(disk.localPath());
            String imgNode = g.formatNode(img);
            if (top == null || imgNode == null) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU does not have the chain of disk " + target
                        + " of domain '" + obj.name() + "' open as its definition says; nothing was merged.");
            }
            m.blockCommit(qjob, top, ovNode, imgNode);
        }
        if (job != null) {
            job.active().cancelWith(() -> {
                try {
                    m.jobCancel(qjob);
                } catch (RuntimeException e) {
                    LOG.fine("job-cancel " + qjob + ": " + e.getMessage());
                }
            });
        }
        try {
            QemuJob state = obj.qemuJobs.awaitReady(m, qjob, SnapshotSteps.QEMU_JOB_TIMEOUT,
                    job == null ? null : job.active()).orElseThrow(() -> lost(qjob));
            if (state.status() == io.jvirt.qemu.qmp.JobStatus.READY) {
                m.jobComplete(qjob);
                state = obj.qemuJobs.awaitReady(m, qjob, SnapshotSteps.QEMU_JOB_TIMEOUT, null)
                        .orElseThrow(() -> lost(qjob));
            }
            if (state.status() == io.jvirt.qemu.qmp.JobStatus.PENDING) {
                m.jobFinalize(qjob);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "interrupted while QEMU merged " + ov + ".", e);
        } finally {
            if (job != null) {
                job.active().cancelWith(null);
            }
        }
        QemuJob done = steps.awaitJob(obj, m, qjob, job);
        if (done.error() != null) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not merge " + ov + " into " + img + ": "
                    + done.error() + ".");
        }
        String fileNode = BlockGraph.of(m).fileNode(ov);
        for (String n : new String[] {ovNode, fileNode}) {
            if (n != null) {
                try {
                    m.blockdevDel(n);
                } catch (RuntimeException e) {
                    LOG.fine("blockdev-del " + n + ": " + e.getMessage());
                }
            }
        }
    }

    private static DaemonException lost(String qjob) {
        return new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU lost its job " + qjob + ".");
    }

    /** The image engine's commit of a layer of a shut-off domain; the layer above is pointed at the image below. */
    private void commitOff(DomainObj obj, String target, String ov) {
        DomainDef def = obj.persistentDef();
        DiskDef disk = def == null ? null : SnapshotDisks.disk(def, target);
        List<String> chain = disk == null ? List.of() : SnapshotDisks.chainFiles(disk);
        int at = chain.indexOf(ov);
        if (at < 0 || !Files.exists(Path.of(ov))) {
            return; // not in use: nothing to merge
        }
        String below = at + 1 < chain.size() ? chain.get(at + 1) : SnapshotFiles.backingOf(Path.of(ov));
        SnapshotImages.commit(Path.of(ov));
        if (at > 0) {
            StorageSource belowLayer = disk.layers().size() > at + 1 ? disk.layers().get(at + 1) : null;
            String fmt = belowLayer == null || belowLayer.format() == null ? "qcow2" : belowLayer.format().xml();
            SnapshotImages.rebaseUnsafe(Path.of(chain.get(at - 1)), Path.of(below), fmt);
        }
    }

    /** Takes each merged overlay out of the live and persistent definitions (idempotent). */
    private void dropLayers(DomainObj obj, SnapshotDef s) {
        DomainDef live = obj.liveDef();
        DomainDef persistent = obj.persistentDef();
        DomainDef newLive = live;
        DomainDef newPersistent = persistent;
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() != SnapshotLocation.EXTERNAL || d.source() == null) {
                continue;
            }
            newLive = without(newLive, d.name(), d.source());
            newPersistent = without(newPersistent, d.name(), d.source());
        }
        if (live != null && newLive != live) {
            obj.setLiveDef(newLive);
            try {
                ctx.runner().saveRecord(obj);
            } catch (IOException e) {
                throw new UncheckedIOException("the live definition without the merged overlays could not be written", e);
            }
            ctx.runner().relockDisks(obj, live, newLive);
        }
        if (persistent != null && newPersistent != persistent) {
            ctx.definitions().persist(obj, newPersistent);
        }
    }

    private static DomainDef without(DomainDef def, String target, String path) {
        if (def == null) {
            return null;
        }
        DiskDef d = SnapshotDisks.disk(def, target);
        if (d == null || !SnapshotDisks.chainFiles(d).contains(path) || d.layers().size() < 2
                && path.equals(d.localPath())) {
            return def;
        }
        return SnapshotDisks.withoutLayer(def, target, path);
    }

    // ---- metadata

    /**
     * Removes a snapshot's metadata: its children move up to its parent, the snapshots whose
     * images were its merged overlay now name the image below, the current mark moves to its
     * parent, and its file goes.
     */
    private void forget(DomainObj obj, SnapshotDef s, boolean metadataOnly) {
        SnapshotTree tree = obj.snapshots();
        for (SnapshotDef other : tree.all()) {
            if (other.name().equals(s.name())) {
                continue;
            }
            SnapshotDef changed = other;
            if (s.name().equals(other.parent())) {
                changed = changed.toBuilder().parent(s.parent()).build();
            }
            if (!metadataOnly && s.external() && changed.domain() != null && s.domain() != null) {
                DomainDef dom = changed.domain();
                for (SnapshotDiskDef d : s.disks()) {
                    if (d.snapshot() == SnapshotLocation.EXTERNAL && d.source() != null) {
                        dom = without(dom, d.name(), d.source());
                    }
                }
                if (dom != changed.domain()) {
                    changed = changed.toBuilder().domain(dom).build();
                }
            }
            if (changed != other) {
                steps.record(obj, changed, false);
            }
        }
        tree = obj.snapshots();
        boolean wasCurrent = s.name().equals(tree.current());
        try {
            if (wasCurrent && s.parent() != null && tree.get(s.parent()) != null) {
                ctx.store().save(obj.name(), tree.get(s.parent()), true);
            }
            ctx.store().delete(obj.name(), s.name());
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot remove the metadata of snapshot '" + s.name()
                    + "': " + e.getMessage() + ".", e);
        }
        SnapshotTree next = tree.without(s.name());
        if (wasCurrent && s.parent() != null && next.get(s.parent()) != null) {
            next = next.withCurrent(s.parent());
        }
        obj.setSnapshots(next);
    }

    /** Removes the merged overlays and the memory file once nothing needs them. */
    private void removeFiles(DomainObj obj, SnapshotDef s) {
        SnapshotFiles files = SnapshotFiles.of(obj);
        for (SnapshotDiskDef d : s.disks()) {
            if (d.snapshot() == SnapshotLocation.EXTERNAL && d.source() != null && !files.needed(d.source())) {
                quietDelete(d.source());
            }
        }
        if (s.memory() != null && s.memory().file() != null) {
            quietDelete(s.memory().file());
        }
    }

    private static void quietDelete(String file) {
        try {
            Files.deleteIfExists(Path.of(file));
        } catch (IOException e) {
            LOG.warning("cannot remove " + file + " of a deleted snapshot: " + e.getMessage());
        }
    }
}
