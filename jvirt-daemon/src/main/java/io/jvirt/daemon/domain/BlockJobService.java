package io.jvirt.daemon.domain;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.job.FaultHook;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.daemon.job.JobRecovery;
import io.jvirt.daemon.job.JobStore;
import io.jvirt.daemon.job.Jobs;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The block jobs of running domains (virsh's blockcommit, blockpull, blockcopy, blockjob), one
 * per disk as in libvirt. A command runs under the domain's job lock only while it checks and
 * starts (or pivots, aborts, throttles) QEMU's job; the job then runs in the background, the
 * domain free for other operations, followed by a {@link BlockJobWatcher}. Each job has a
 * durable record ({@code STATE/block-jobs/jobs/}) from before QEMU's job starts to after the
 * definitions follow its end, so a daemon restart takes over a job QEMU still runs and a
 * crash never leaves a definition naming an image QEMU let go of ({@link BlockJobRecovery}).
 * Queries read the watcher's copies and never wait on QEMU.
 */
public final class BlockJobService {
    private static final Logger LOG = Logger.getLogger(BlockJobService.class.getName());
    /** How long a synchronous abort or pivot waits for QEMU's job to end. */
    private static final Duration END_WAIT = Duration.ofMinutes(2);

    private final DomainRegistry registry;
    private final BlockJobContext ctx;
    private final BlockJobStarter starter;
    private final BlockJobWatcher watcher;
    private final Map<String, BlockJobState> running = new ConcurrentHashMap<>();
    private final Map<String, BlockJobInfo> ended = new ConcurrentHashMap<>();

    BlockJobService(DomainRegistry registry, DomainRunner runner, EventBus events, DefinitionStore defs, Path stateDir,
                    FaultHook faults) throws IOException {
        this.registry = registry;
        Jobs jobs = new Jobs(new JobStore(stateDir.resolve("block-jobs")), faults);
        this.ctx = new BlockJobContext(runner, jobs, events, (obj, def) -> SnapshotService.persist(defs, obj, def));
        this.starter = new BlockJobStarter(ctx);
        this.watcher = new BlockJobWatcher(ctx, (s, info) -> {
            running.remove(s.key(), s);
            ended.put(s.key(), info);
            s.ended.complete(info);
        });
        jobs.register(JobRecovery.of(BlockJobState.KIND,
                (domain, record) -> BlockJobRecovery.recover(ctx, watcher, registry.lookup(domain), record)));
    }

    /**
     * Runs one block job command: a start returns the job as it began, an abort or pivot the
     * job as it ended (at once with {@code async}), a speed change the job as it runs.
     */
    public BlockJobInfo execute(BlockJobCommand command) {
        DomainObj obj = registry.lookup(command.ref());
        CompletableFuture<BlockJobInfo> wait = null;
        BlockJobInfo now;
        obj.job.lock();
        try {
            if (!obj.visible) {
                throw new DaemonException(ErrorCode.NOT_FOUND, "domain '" + command.ref() + "' does not exist.");
            }
            ctx.runner().requireActive(obj);
            switch (command) {
                case BlockJobCommand.Commit c -> now = start(obj, c.disk(), () -> starter.commit(obj, c));
                case BlockJobCommand.Pull p -> now = start(obj, p.disk(), () -> starter.pull(obj, p));
                case BlockJobCommand.Copy c -> now = start(obj, c.disk(), () -> starter.copy(obj, c));
                case BlockJobCommand.Abort a -> {
                    BlockJobState s = require(obj, a.disk());
                    if (a.pivot()) {
                        pivot(s);
                    } else {
                        abort(s);
                    }
                    now = s.info();
                    wait = a.async() ? null : s.ended;
                }
                case BlockJobCommand.SetSpeed sp -> {
                    BlockJobState s = require(obj, sp.disk());
                    monitor(obj).blockJobSetSpeed(s.qemuJob, sp.bandwidth());
                    s.bandwidth = sp.bandwidth();
                    now = s.info();
                }
            }
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': " + e.getMessage(), e);
        } finally {
            obj.job.unlock();
        }
        return wait == null ? now : await(obj, command.disk(), wait);
    }

    private interface Start {
        BlockJobState start();
    }

    private BlockJobInfo start(DomainObj obj, String disk, Start how) {
        DiskDef d = BlockJobStarter.disk(obj, disk);
        BlockJobState busy = running.get(BlockJobState.key(obj, d.target().dev()));
        if (busy != null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Disk " + d.target().dev() + " of domain '" + obj.name()
                    + "' already has a block job (" + busy.type.label() + "); wait for it to end, or end it with "
                    + "'jvirt blockjob " + obj.name() + " " + d.target().dev() + " --abort'.");
        }
        BlockJobState s = how.start();
        running.put(s.key(), s);
        watcher.start(s);
        return s.info();
    }

    private BlockJobState require(DomainObj obj, String disk) {
        DiskDef d = BlockJobStarter.disk(obj, disk);
        BlockJobState s = running.get(BlockJobState.key(obj, d.target().dev()));
        if (s == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Disk " + d.target().dev() + " of domain '" + obj.name()
                    + "' has no block job.");
        }
        return s;
    }

    private QemuMonitor monitor(DomainObj obj) {
        return ctx.runner().requireActive(obj).monitor();
    }

    /** Switches a ready copy or active commit over to its new image (QEMU's job-complete). */
    private void pivot(BlockJobState s) {
        if (!s.type.twoPhase()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The " + s.type.label() + " job of disk " + s.target
                    + " of domain '" + s.obj.name() + "' cannot be pivoted; only a copy or an active commit can.");
        }
        if (!s.ready) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The " + s.type.label() + " job of disk " + s.target
                    + " of domain '" + s.obj.name() + "' is not ready to pivot yet; wait until it is (blockjob --info "
                    + "shows 100 %), or give --wait to the command that started it.");
        }
        if (s.abortRequested || s.pivotRequested) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The " + s.type.label() + " job of disk " + s.target
                    + " of domain '" + s.obj.name() + "' is already ending.");
        }
        s.fact(BlockJobState.PIVOT, "yes");
        s.pivotRequested = true;
        s.completeSent = true;
        monitor(s.obj).jobComplete(s.qemuJob);
    }

    /**
     * Cancels the job; a ready copy or active commit ends in step with its source, without a
     * pivot: QEMU's block-job-cancel without force (as libvirt), since job-cancel would force it
     * and drop the writes in flight to the copy.
     */
    private void abort(BlockJobState s) {
        if (s.pivotRequested) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The " + s.type.label() + " job of disk " + s.target
                    + " of domain '" + s.obj.name() + "' is pivoting; it can no longer be aborted.");
        }
        if (!s.abortRequested) {
            s.fact(BlockJobState.ABORT, "yes");
            s.abortRequested = true;
        }
        monitor(s.obj).blockJobCancel(s.qemuJob, false);
    }

    private static BlockJobInfo await(DomainObj obj, String disk, CompletableFuture<BlockJobInfo> f) {
        try {
            return f.get(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DaemonException(ErrorCode.TIMEOUT, "The block job of disk " + disk + " of domain '" + obj.name()
                    + "' did not end within " + END_WAIT.toSeconds() + " s; it goes on ending in the background "
                    + "(see 'jvirt blockjob " + obj.name() + " " + disk + " --info').");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for a block job to end.", e);
        } catch (ExecutionException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "the block job ended badly: " + e.getCause(), e);
        }
    }

    /**
     * The job of a disk (target or image path): the one running, else how the last one ended,
     * else a record with {@code active} false and no type.
     */
    public BlockJobInfo info(String ref, String disk) {
        DomainObj obj = registry.lookup(ref);
        DiskDef d = BlockJobStarter.disk(obj, disk);
        String key = BlockJobState.key(obj, d.target().dev());
        BlockJobState s = running.get(key);
        if (s != null) {
            return s.info();
        }
        BlockJobInfo last = ended.get(key);
        return last != null ? last : new BlockJobInfo(d.target().dev(), false, null, null, 0, 0, 0, false, null, null);
    }

    /** The jobs running on a domain's disks. */
    public List<BlockJobInfo> list(String ref) {
        DomainObj obj = registry.lookup(ref);
        List<BlockJobInfo> out = new ArrayList<>();
        for (BlockJobState s : running.values()) {
            if (s.obj == obj) {
                out.add(s.info());
            }
        }
        return out;
    }

    /** Stops following the jobs (the daemon stops); QEMU runs them on and the next daemon takes them over. */
    void close() {
        watcher.close();
    }

    /**
     * Takes over the block jobs a daemon stop left: a job QEMU still runs is followed again,
     * the others are recovered ({@link BlockJobRecovery}). Call after the domains are reattached.
     */
    void load() throws IOException {
        for (Map.Entry<UUID, JobRecord> e : ctx.jobs().pending().entrySet()) {
            JobRecord r = e.getValue();
            String domain = r.fact(BlockJobState.DOMAIN);
            DomainObj obj = domain == null ? null : registry.byUuid(UUID.fromString(domain));
            if (obj == null) {
                LOG.warning("an interrupted block job belongs to domain " + domain + ", which jvirt no longer knows; "
                        + "its record stays.");
                continue;
            }
            obj.job.lock();
            try {
                if (!resume(obj, e.getKey(), r)) {
                    ctx.jobs().recover(e.getKey(), obj.name(), r);
                }
            } finally {
                obj.job.unlock();
            }
        }
    }

    /** Follows again a job QEMU still runs; false when it has ended it (then it is recovered at once). */
    private boolean resume(DomainObj obj, UUID key, JobRecord r) {
        String qemuJob = r.fact(BlockJobState.QEMU_JOB);
        if (obj.qemu() == null || qemuJob == null) {
            return false;
        }
        boolean known;
        try {
            known = monitor(obj).queryJobs().stream().anyMatch(j -> j.id().equals(qemuJob) && !j.status().ended());
        } catch (QmpException e) {
            return false;
        }
        if (!known) {
            return false;
        }
        BlockJobState s = BlockJobRecovery.state(obj, r);
        monitor(obj).queryBlockJobs().stream().filter(j -> j.id().equals(qemuJob)).findFirst().ifPresent(j -> {
            s.cur = j.offset();
            s.end = j.length();
            s.bandwidth = j.speed();
            s.ready = j.ready();
        });
        s.attach(ctx.jobs().resume(key, BlockJobState.NO_HOLDER, r));
        boolean cancel = r.fact(BlockJobState.TRANSIENT) != null && !s.pivotRequested && !s.abortRequested;
        if (cancel) {
            // blockcopy --transient-job: not recovered; the disk stays on its source
            s.fact(BlockJobState.ABORT, "yes");
            s.abortRequested = true;
            try {
                monitor(obj).jobCancel(qemuJob);
            } catch (QmpException e) {
                LOG.warning("domain " + obj.name() + ": cannot cancel the transient " + s.type.label() + " job of "
                        + "disk " + s.target + ": " + e.getMessage());
            }
        }
        running.put(s.key(), s);
        watcher.start(s);
        LOG.info("domain " + obj.name() + ": " + (cancel ? "canceling the transient " : "following again the ")
                + s.type.label() + " job of disk " + s.target + " that QEMU ran on while the daemon was away.");
        return true;
    }
}
