package io.jvirt.daemon.domain;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.api.DomainEvent;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.BlockChain;
import io.jvirt.qemu.qmp.JobStatus;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Follows one block job on its own virtual thread until it ends. It wakes on QEMU's job events
 * (and every 250 ms without), copies the progress for queries, publishes the ready event,
 * completes a job whose pivot was asked, records what the finalization will change before it
 * finalizes, and once QEMU concluded the job makes the definitions follow the chain QEMU
 * really has open, moves the image locks, lets go of the nodes nothing uses any more and
 * removes its record (the job is dismissed before the graph is read: QEMU 7.2 crashes on
 * {@code query-named-block-nodes} while a concluded stream job is kept).
 */
final class BlockJobWatcher {
    private static final Logger LOG = Logger.getLogger(BlockJobWatcher.class.getName());
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final BlockJobContext ctx;
    private final BiConsumer<BlockJobState, BlockJobInfo> ended;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param ctx what the jobs share
     * @param ended told (the domain's job lock held) when a job ended, and how
     */
    BlockJobWatcher(BlockJobContext ctx, BiConsumer<BlockJobState, BlockJobInfo> ended) {
        this.ctx = ctx;
        this.ended = ended;
    }

    void start(BlockJobState s) {
        Thread t = Thread.ofVirtual().name("block-job " + s.obj.name() + " " + s.target).unstarted(() -> {
            try {
                watch(s);
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    /**
     * Stops following (the daemon stops): QEMU's jobs go on, their records stay, and the next
     * daemon takes them over.
     */
    void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }

    private void watch(BlockJobState s) {
        while (!closed) {
            long seen = s.obj.qemuJobs.generation();
            try {
                QemuProcess q = s.obj.qemu();
                if (q == null) {
                    gone(s);
                    return;
                }
                if (step(s, q.monitor())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (s.obj.qemu() == null) {
                    gone(s);
                    return;
                }
                LOG.warning("domain " + s.obj.name() + ": following the " + s.type.label() + " job of disk " + s.target
                        + ": " + e.getMessage());
            }
            try {
                s.obj.qemuJobs.awaitAfter(seen, POLL_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One look at QEMU's job; true once it ended and everything followed. */
    private boolean step(BlockJobState s, QemuMonitor m) {
        JobStatus status;
        Optional<io.jvirt.qemu.qmp.BlockJobInfo> bj = m.queryBlockJobs().stream()
                .filter(j -> j.id().equals(s.qemuJob)).findFirst();
        if (bj.isPresent()) {
            s.cur = bj.get().offset();
            s.end = bj.get().length();
            s.bandwidth = bj.get().speed();
            status = bj.get().status();
        } else {
            Optional<QemuJob> j = find(m, s.qemuJob);
            if (j.isEmpty()) {
                finish(s, null);
                return true;
            }
            status = j.get().status();
        }
        switch (status) {
            case READY, STANDBY -> {
                if (!s.ready) {
                    s.cur = Math.max(s.cur, s.end);
                    s.ready = true;
                    publish(s, "ready");
                }
                if (s.pivotRequested && !s.completeSent) {
                    s.completeSent = true;
                    m.jobComplete(s.qemuJob);
                }
            }
            case PENDING -> {
                s.fact(BlockJobState.EXPECTED, String.join("\n", s.expected()));
                s.phase("finalize");
                m.jobFinalize(s.qemuJob);
                // QEMU switched: from here a restart makes the definitions follow its chain
                s.phase("finalized");
            }
            case CONCLUDED, NULL -> {
                finish(s, find(m, s.qemuJob).orElse(null));
                return true;
            }
            case UNDEFINED, CREATED, RUNNING, PAUSED, WAITING, ABORTING -> {
            }
        }
        return false;
    }

    private static Optional<QemuJob> find(QemuMonitor m, String id) {
        return m.queryJobs().stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** QEMU concluded the job (or no longer knows it): the definitions follow, the job goes. */
    private void finish(BlockJobState s, QemuJob job) {
        DomainObj obj = s.obj;
        obj.job.lock();
        try {
            String error = job == null ? null : job.error();
            String result = s.abortRequested && !s.pivotRequested ? BlockJobInfo.CANCELED
                    : error != null ? BlockJobInfo.FAILED : BlockJobInfo.COMPLETED;
            QemuProcess q = obj.qemu();
            if (q != null) {
                QemuMonitor m = q.monitor();
                // dismissed first: QEMU 7.2 crashes on query-named-block-nodes while a concluded
                // stream job is kept (the record still says what the definitions must follow)
                if (job != null) {
                    dismiss(m, s.qemuJob);
                }
                follow(s, m);
                if (result.equals(BlockJobInfo.COMPLETED)) {
                    deleteMergedAway(ctx, s);
                }
            }
            s.phase("done");
            s.close(result.equals(BlockJobInfo.COMPLETED) ? null : error != null ? error : "the job was aborted");
            if (s.type == BlockJobType.COMMIT && result.equals(BlockJobInfo.COMPLETED)) {
                s.cur = s.end;
            }
            BlockJobInfo info = new BlockJobInfo(s.target, false, s.type.word(), s.type.label(), s.cur, s.end,
                    s.bandwidth, false, result, error);
            ended.accept(s, info);
            publish(s, result);
        } finally {
            obj.job.unlock();
        }
    }

    /** blockcommit --delete: the images the commit merged away go, when nothing uses them any more. */
    static void deleteMergedAway(BlockJobContext ctx, BlockJobState s) {
        if (s.record().fact(BlockJobState.DELETE) == null) {
            return;
        }
        CommittedImages.delete(s.obj.name(), s.obj.liveDef(), CommittedImages.mergedAway(s),
                ctx.runner().disks()::holders);
    }

    static void dismiss(QemuMonitor m, String qemuJob) {
        try {
            m.jobDismiss(qemuJob);
        } catch (RuntimeException e) {
            LOG.fine("job-dismiss " + qemuJob + ": " + e.getMessage());
        }
    }

    /** QEMU ended while the job ran: the persistent definition gets what a finalized job changed. */
    private void gone(BlockJobState s) {
        s.obj.job.lock();
        try {
            BlockJobRecovery.offline(ctx, s.obj, s.record());
            s.close("the domain stopped");
            BlockJobInfo info = new BlockJobInfo(s.target, false, s.type.word(), s.type.label(), s.cur, s.end,
                    s.bandwidth, false, BlockJobInfo.FAILED, "the domain stopped while the job ran");
            ended.accept(s, info);
            publish(s, BlockJobInfo.FAILED);
        } finally {
            s.obj.job.unlock();
        }
    }

    /**
     * Makes the live definition (and run record) follow the chain QEMU has open for the job's
     * disk, the persistent one follow a commit or pull of the chain it describes, the image
     * locks follow the live definition, and removes the nodes of images no chain uses any more.
     * Idempotent; the domain's job lock held.
     */
    void follow(BlockJobState s, QemuMonitor m) {
        DomainObj obj = s.obj;
        DomainDef before = obj.liveDef();
        if (before == null) {
            return;
        }
        BlockChain chain = m.queryBlockChains().stream().filter(c -> c.qdev().equals(s.qdev)).findFirst().orElse(null);
        if (chain == null || chain.layers().isEmpty()) {
            LOG.warning("domain " + obj.name() + ": QEMU no longer reports the device of disk " + s.target
                    + "; its definition stays as it was.");
            return;
        }
        Map<String, StorageSource> known = s.dest != null && s.destSource != null && s.destSource.format() != null
                ? Map.of(s.dest, s.destSource) : Map.of();
        DomainDef after = BlockJobChains.follow(before, s.target, chain.layers(), known);
        if (after != before) {
            obj.setLiveDef(after);
            try {
                ctx.runner().saveRecord(obj);
            } catch (IOException e) {
                LOG.warning("domain " + obj.name() + ": cannot record the live definition after the "
                        + s.type.label() + " of disk " + s.target + ": " + e.getMessage());
            }
        }
        ctx.runner().relockDisks(obj, before, after);
        if (s.type != BlockJobType.COPY) {
            DiskDef was = SnapshotDisks.disk(before, s.target);
            DiskDef now = SnapshotDisks.disk(after, s.target);
            DomainDef persistent = obj.persistentDef();
            DomainDef p = was == null || now == null ? persistent
                    : BlockJobChains.followPersistent(persistent, s.target, was, now);
            if (p != persistent) {
                ctx.definitions().persist(obj, p);
            }
        }
        prune(s, m, chain.files());
    }

    /** Removes the nodes the daemon added for images the disk no longer uses (QEMU drops its own). */
    private static void prune(BlockJobState s, QemuMonitor m, List<String> now) {
        Set<String> gone = new LinkedHashSet<>(s.before);
        if (s.dest != null) {
            gone.add(s.dest);
        }
        gone.removeAll(now);
        if (gone.isEmpty()) {
            return;
        }
        BlockGraph g = BlockGraph.of(m);
        for (String f : gone) {
            for (String n : new String[] {g.formatNode(f), g.fileNode(f)}) {
                if (n != null && !n.startsWith("#")) {
                    try {
                        m.blockdevDel(n);
                    } catch (RuntimeException e) {
                        LOG.fine("blockdev-del " + n + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** libvirt's block job events: {@code block-job} names the disk's image, {@code block-job-2} its target. */
    private void publish(BlockJobState s, String status) {
        String path = s.before.getFirst();
        ctx.events().publish(s.obj, DomainEvent.BLOCK_JOB, s.type.label() + " for " + path + " " + status);
        ctx.events().publish(s.obj, DomainEvent.BLOCK_JOB_2,
                s.type.label() + " for " + s.target + " " + status);
    }
}
