package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BlockDevice;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Brings a domain to a consistent state after a snapshot job that did not end normally: a
 * failed step (the job calls it) or a daemon that died mid-way (called at start-up). It looks
 * at what QEMU and the files say, not only at the recorded phase, and either undoes the job
 * (the domain as before: created files removed, QEMU's nodes detached, the CPUs running again)
 * or finishes it (as after: definitions pointing at the overlays QEMU uses, the metadata
 * written). Job lock held.
 */
final class SnapshotRecovery {
    private static final Logger LOG = Logger.getLogger(SnapshotRecovery.class.getName());

    private final SnapshotContext ctx;
    private final SnapshotSteps steps;
    private volatile SnapshotReverter reverter;
    private volatile SnapshotDeleter deleter;

    SnapshotRecovery(SnapshotContext ctx, SnapshotSteps steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    void setParts(SnapshotReverter r, SnapshotDeleter d) {
        this.reverter = r;
        this.deleter = d;
    }

    /** Recovers any snapshot job by its kind. */
    void recover(DomainObj obj, JobRecord r) {
        switch (r.kind()) {
            case SnapshotCreator.KIND -> recoverCreate(obj, r);
            case SnapshotReverter.KIND -> reverter.recover(obj, r);
            case SnapshotDeleter.KIND -> deleter.recover(obj, r);
            default -> throw new IllegalStateException("not a snapshot job: " + r.kind());
        }
    }

    // ---- creation

    private void recoverCreate(DomainObj obj, JobRecord r) {
        SnapshotDef s = SnapshotFacts.snapshot(r);
        boolean noMetadata = Boolean.parseBoolean(r.fact(SnapshotFacts.NO_METADATA));
        boolean wasRunning = Boolean.parseBoolean(r.fact(SnapshotFacts.WAS_RUNNING));
        if (r.phase().equals("metadata") || r.phase().equals("done")) {
            resumeIfPaused(obj, wasRunning);
            if (!noMetadata && obj.snapshots().get(s.name()) == null) {
                steps.record(obj, s, true);
            }
            return;
        }
        boolean forward = switch (SnapshotPlan.Kind.valueOf(r.fact(SnapshotFacts.KIND))) {
            case INTERNAL -> false;
            case EXTERNAL -> externalSwitched(obj, r);
        };
        if (forward) {
            finishExternal(obj, r, s, wasRunning, noMetadata);
        } else {
            undoCreate(obj, r, s, wasRunning);
        }
    }

    /**
     * Whether an external snapshot's commit point passed: QEMU writes to the overlays (while it
     * runs), or the persistent definition names them (when it does not).
     */
    private boolean externalSwitched(DomainObj obj, JobRecord r) {
        Map<String, String> overlays = SnapshotFacts.overlays(r);
        if (overlays.isEmpty()) {
            return false;
        }
        QemuProcess q = obj.qemu();
        if (q != null && Boolean.parseBoolean(r.fact(SnapshotFacts.ACTIVE))) {
            try {
                List<String> open = q.monitor().queryBlock().stream().map(BlockDevice::filename).toList();
                return overlays.values().stream().allMatch(open::contains);
            } catch (QmpException e) {
                LOG.warning("domain " + obj.name() + ": cannot ask QEMU which images it uses (" + e.getMessage()
                        + "); going by the definitions");
            }
        }
        DomainDef def = obj.persistentDef() != null ? obj.persistentDef() : obj.liveDef();
        if (def == null) {
            return false;
        }
        for (Map.Entry<String, String> o : overlays.entrySet()) {
            DiskDef d = SnapshotDisks.disk(def, o.getKey());
            if (d == null || !o.getValue().equals(d.localPath())) {
                return false;
            }
        }
        return true;
    }

    private void finishExternal(DomainObj obj, JobRecord r, SnapshotDef s, boolean wasRunning, boolean noMetadata) {
        Map<String, String> overlays = SnapshotFacts.overlays(r);
        if (obj.qemu() != null && obj.liveDef() != null) {
            boolean followed = overlays.entrySet().stream().allMatch(o -> {
                DiskDef d = SnapshotDisks.disk(obj.liveDef(), o.getKey());
                return d != null && o.getValue().equals(d.localPath());
            });
            if (!followed) {
                steps.followOverlays(obj, overlays);
            }
            if (r.fact(SnapshotFacts.MEMORY) != null) {
                SnapshotSteps.detach(obj.qemu().monitor(), SnapshotFacts.memoryNode(r));
            }
        } else if (obj.persistentDef() != null) {
            ctx.definitions().persist(obj, SnapshotDisks.withOverlays(obj.persistentDef(), overlays));
        }
        resumeIfPaused(obj, wasRunning);
        if (!noMetadata && obj.snapshots().get(s.name()) == null) {
            steps.record(obj, s, true);
        }
        LOG.info("domain " + obj.name() + ": finished the external snapshot '" + s.name() + "' (its disks had switched)");
    }

    private void undoCreate(DomainObj obj, JobRecord r, SnapshotDef s, boolean wasRunning) {
        QemuProcess q = obj.qemu();
        boolean active = Boolean.parseBoolean(r.fact(SnapshotFacts.ACTIVE));
        if (q != null && active) {
            QemuMonitor m = q.monitor();
            OutgoingStream.cancelQuietly(m); // an external snapshot's memory stream
            String save = SnapshotFacts.qemuJob(r, "save");
            if (m.queryJobs().stream().anyMatch(j -> j.id().equals(save))) {
                steps.awaitJob(obj, m, save, null);
            }
            if (SnapshotPlan.Kind.valueOf(r.fact(SnapshotFacts.KIND)) == SnapshotPlan.Kind.INTERNAL) {
                Map<String, String> tops = BlockGraph.of(m).tops(obj.liveDef());
                List<String> devices = new ArrayList<>();
                for (SnapshotDiskDef d : s.disks()) {
                    if (tops.containsKey(d.name()) && d.snapshot() != null
                            && d.snapshot() != SnapshotLocation.NO) {
                        devices.add(tops.get(d.name()));
                    }
                }
                if (!devices.isEmpty()) {
                    String undo = SnapshotFacts.qemuJob(r, "undo");
                    m.snapshotDelete(undo, s.name(), devices);
                    steps.awaitJob(obj, m, undo, null);
                }
            }
            SnapshotSteps.detach(m, SnapshotFacts.memoryNode(r));
            for (String target : SnapshotFacts.overlays(r).keySet()) {
                SnapshotSteps.detach(m, SnapshotFacts.overlayNode(r, target));
            }
            resumeIfPaused(obj, wasRunning);
        } else if (SnapshotPlan.Kind.valueOf(r.fact(SnapshotFacts.KIND)) == SnapshotPlan.Kind.INTERNAL
                && s.domain() != null) {
            for (SnapshotDiskDef d : s.disks()) {
                DiskDef disk = SnapshotDisks.disk(s.domain(), d.name());
                if (disk != null && disk.localPath() != null && d.snapshot() != null
                        && d.snapshot() == SnapshotLocation.INTERNAL
                        && Files.exists(Path.of(disk.localPath()))) {
                    SnapshotImages.delete(Path.of(disk.localPath()), s.name());
                }
            }
        }
        removeCreated(r);
        LOG.info("domain " + obj.name() + ": undid the snapshot '" + s.name() + "' that did not complete");
    }

    /** Removes every file the job recorded as created; it is not referenced (the job did not complete). */
    static void removeCreated(JobRecord r) {
        for (String f : r.created()) {
            try {
                Files.deleteIfExists(Path.of(f));
            } catch (IOException e) {
                LOG.warning("cannot remove " + f + ", which an unfinished snapshot job created: " + e.getMessage());
            }
        }
    }

    /** Runs the CPUs again when the job had stopped them and they still wait. */
    void resumeIfPaused(DomainObj obj, boolean wasRunning) {
        QemuProcess q = obj.qemu();
        if (!wasRunning || q == null) {
            return;
        }
        try {
            if (q.monitor().queryStatus() == QemuMonitor.RunState.PAUSED) {
                obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.UNPAUSED));
                q.monitor().cont();
                ctx.events().publish(obj, DomainLifecycle.RESUMED_UNPAUSED);
            }
        } catch (QmpException e) {
            LOG.warning("domain " + obj.name() + ": cannot resume its CPUs after the snapshot job: " + e.getMessage());
        }
    }
}
