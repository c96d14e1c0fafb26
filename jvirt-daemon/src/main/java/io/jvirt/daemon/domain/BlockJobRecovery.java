package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.image.Images;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Block jobs a daemon stop left behind. A job QEMU still runs is taken over (its record goes
 * on); for one QEMU concluded or no longer knows, the definitions follow the chain QEMU has
 * open (so they never name an image QEMU let go of); when QEMU is gone too, a job that had
 * reached its finalization gives the persistent definition the chain it recorded it would
 * leave. A copy's destination made before QEMU's job started is removed.
 */
final class BlockJobRecovery {
    private static final Logger LOG = Logger.getLogger(BlockJobRecovery.class.getName());

    private BlockJobRecovery() {
    }

    /** The job as its record describes it. */
    static BlockJobState state(DomainObj obj, JobRecord r) {
        BlockJobType type = BlockJobType.of(r.fact(BlockJobState.TYPE));
        String dest = r.fact(BlockJobState.DEST);
        StorageSource destSource = null;
        if (dest != null && r.fact(BlockJobState.DEST_POOL) != null) {
            DiskFormat fmt = probe(dest);
            destSource = new StorageSource(new DiskSource.Volume(r.fact(BlockJobState.DEST_POOL),
                    r.fact(BlockJobState.DEST_VOLUME), null, dest), fmt, null, null, null, List.of(), null, null, null,
                    null);
        }
        BlockJobState s = new BlockJobState(obj, r.fact(BlockJobState.DISK), type, r.fact(BlockJobState.QEMU_JOB),
                r.fact(BlockJobState.QDEV), List.of(r.fact(BlockJobState.BEFORE).split("\n")),
                Integer.parseInt(r.fact(BlockJobState.TOP_INDEX)), Integer.parseInt(r.fact(BlockJobState.BASE_INDEX)),
                dest, destSource, r.fact(BlockJobState.DEST_NODE), Boolean.parseBoolean(r.fact(BlockJobState.SHALLOW)));
        s.pivotRequested = r.fact(BlockJobState.PIVOT) != null;
        s.abortRequested = r.fact(BlockJobState.ABORT) != null;
        return s;
    }

    /** An image's format by its content; qcow2 when it cannot be read. */
    private static DiskFormat probe(String file) {
        try {
            return BlockJobChains.format(Images.probe(Path.of(file)).qemuName());
        } catch (RuntimeException unreadable) {
            return DiskFormat.QCOW2;
        }
    }

    /**
     * Brings the definitions in line after a job whose QEMU job is gone (the domain's job lock
     * held): through QEMU's chain while the domain runs, else {@link #offline}.
     */
    static void recover(BlockJobContext ctx, BlockJobWatcher watcher, DomainObj obj, JobRecord r) {
        QemuProcess q = obj.qemu();
        if (q == null) {
            offline(ctx, obj, r);
            return;
        }
        BlockJobState s = state(obj, r);
        QemuMonitor m = q.monitor();
        if (s.qemuJob != null && m.queryJobs().stream().anyMatch(j -> j.id().equals(s.qemuJob))) {
            BlockJobWatcher.dismiss(m, s.qemuJob);
        }
        watcher.follow(s, m);
        if (r.fact(BlockJobState.DELETE) != null) {
            // the images left only if the commit took effect: those still in a chain stay
            CommittedImages.delete(obj.name(), obj.liveDef(), CommittedImages.mergedAway(s),
                    ctx.runner().disks()::holders);
        }
        removeUnused(obj, r);
    }

    /**
     * The domain stopped with the job: a job that reached its finalization leaves the persistent
     * definition as the job would have (a commit or pull of the chain it describes); a copy's
     * destination made for a job that never started goes.
     */
    static void offline(BlockJobContext ctx, DomainObj obj, JobRecord r) {
        String expected = r.fact(BlockJobState.EXPECTED);
        BlockJobType type = BlockJobType.of(r.fact(BlockJobState.TYPE));
        DomainDef persistent = obj.persistentDef();
        if (List.of("finalize", "finalized", "done").contains(r.phase()) && expected != null && type != BlockJobType.COPY
                && persistent != null) {
            List<String> before = List.of(r.fact(BlockJobState.BEFORE).split("\n"));
            List<String> after = List.of(expected.split("\n"));
            String target = r.fact(BlockJobState.DISK);
            DiskDef p = SnapshotDisks.disk(persistent, target);
            if (p != null && before.getFirst().equals(p.localPath()) && !after.getFirst().equals(p.localPath())) {
                StorageSource top = new StorageSource(new DiskSource.File(after.getFirst()),
                        formatOf(p, after.getFirst()), null, null, null, List.of(), null, null, null, null);
                DiskDef now = p.toBuilder().source(top).build();
                ctx.definitions().persist(obj, BlockJobChains.followPersistent(persistent, target, p, now));
                LOG.info("domain " + obj.name() + ": disk " + target + " now starts from " + after.getFirst()
                        + ", where the interrupted " + type.label() + " left it.");
            }
        }
        removeUnused(obj, r);
    }

    private static DiskFormat formatOf(DiskDef disk, String file) {
        for (StorageSource s : disk.layers()) {
            if (file.equals(s.location().localPath()) && s.format() != null) {
                return s.format();
            }
        }
        return probe(file);
    }

    /** Removes a destination the job made when QEMU never started copying into it. */
    private static void removeUnused(DomainObj obj, JobRecord r) {
        if (!"start".equals(r.phase())) {
            return;
        }
        for (String f : r.created()) {
            DomainDef live = obj.liveDef();
            boolean used = live != null && live.devices().disks().stream()
                    .anyMatch(d -> SnapshotDisks.chainFiles(d).contains(f));
            if (!used) {
                try {
                    Files.deleteIfExists(Path.of(f));
                } catch (IOException e) {
                    LOG.warning("cannot remove " + f + ", made for a block copy that never started: " + e.getMessage());
                }
            }
        }
    }
}
