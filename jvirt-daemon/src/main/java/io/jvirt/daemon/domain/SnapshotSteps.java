package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.Quiesce;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * The steps snapshot jobs share: pausing and resuming the CPUs with libvirt's events, saving
 * the VM state with QEMU's snapshot-save job, making overlays, following them in the
 * definitions, recording the metadata, freezing the guest's file systems. Job lock held.
 */
final class SnapshotSteps {
    private static final Logger LOG = Logger.getLogger(SnapshotSteps.class.getName());
    /** How long QEMU may take to save or load a VM state. */
    static final Duration QEMU_JOB_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(30);
    /** How long QEMU may take to connect for a memory stream, and to end once the stream stopped. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);

    private final SnapshotContext ctx;
    private volatile SnapshotRecovery recovery;

    SnapshotSteps(SnapshotContext ctx) {
        this.ctx = ctx;
    }

    void setRecovery(SnapshotRecovery r) {
        this.recovery = r;
    }

    /** Stops the CPUs of a running guest, as libvirt does for a snapshot (paused "creating snapshot"). */
    void pause(DomainObj obj, boolean wasRunning) {
        if (!wasRunning) {
            return;
        }
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        obj.setStatus(obj.status().with(DomainState.PAUSED, StateReason.CREATING_SNAPSHOT));
        ctx.events().publish(obj, DomainLifecycle.SUSPENDED_PAUSED);
        m.stop();
    }

    /** Runs the CPUs again if the job stopped them. */
    void resume(DomainObj obj, JobHandle job, boolean wasRunning) {
        job.step("resume");
        if (!wasRunning) {
            return;
        }
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.UNPAUSED));
        m.cont();
        ctx.events().publish(obj, DomainLifecycle.RESUMED_UNPAUSED);
    }

    /**
     * Saves the VM state (CPUs stopped) into a new qcow2 file with QEMU's snapshot-save job,
     * under {@code tag}, together with the internal snapshot of {@code disks} (format nodes;
     * null for none). The file is QEMU's alone until it is referenced, so it is written without
     * flushes, and a thread makes its data durable while QEMU still writes (the last fsync
     * then has little left to do).
     */
    void saveMemory(DomainObj obj, JobHandle job, Path file, List<String> disks, String tag, String fact) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        job.creating(fact, file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot replace " + file + ": " + e.getMessage() + ".", e);
        }
        SnapshotImages.createVmstate(file);
        String node = SnapshotFacts.memoryNode(job.record());
        BlockNode.Cache noFlush = new BlockNode.Cache(false, true);
        m.blockdevAdd(new BlockNode.File(SnapshotFacts.fileNode(node), file.toString(), noFlush, null, false));
        m.blockdevAdd(new BlockNode.Qcow2(node, SnapshotFacts.fileNode(node), new BlockNode.Backing.None(), noFlush,
                false, null));
        List<String> devices = new ArrayList<>(disks == null ? List.of() : disks);
        devices.add(node);
        job.step("save-memory");
        String qjob = SnapshotFacts.qemuJob(job.record(), "save");
        long guestMemory = memoryBytes(obj);
        long t0 = System.nanoTime();
        long qemuDone;
        try (Flusher flusher = Flusher.start(file, written -> job.active().memoryProgress(written, guestMemory))) {
            m.snapshotSave(qjob, tag, node, devices);
            job.active().cancelWith(() -> cancelQuietly(m, qjob));
            QemuJob done = awaitJob(obj, m, qjob, job);
            if (done.error() != null) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not save the memory of domain '"
                        + obj.name() + "' into " + file + ": " + done.error() + ".");
            }
            qemuDone = System.nanoTime();
            flusher.finish();
        } finally {
            job.active().cancelWith(null);
        }
        detach(m, node);
        SnapshotImages.sync(file);
        LOG.info(() -> "domain " + obj.name() + ": memory saved into " + file + " (" + size(file) / (1 << 20)
                + " MiB) in " + (System.nanoTime() - t0) / 1_000_000 + " ms, of which QEMU's job "
                + (qemuDone - t0) / 1_000_000 + " ms");
    }

    /**
     * Writes the guest's memory (its CPUs stopped) into a {@link SaveImage} at {@code file}, as
     * libvirt writes a save or an external snapshot's memory: the header (marked partial), QEMU's
     * migration stream behind it ({@link OutgoingStream}, made durable while it arrives), then the
     * complete mark, and a last fdatasync; with {@code bypassCache} the stream's whole blocks go
     * past the page cache ({@link DirectIo}). Created for its owner alone (the guest's memory, the
     * definition's secrets); the job removes it if it fails. An abort asked meanwhile cancels
     * QEMU's migration and ends the job as aborted. QEMU lets go of the disks once the stream is
     * complete; the CPUs running again takes them back.
     */
    void streamMemory(DomainObj obj, JobHandle job, Path file, SaveImage header, String fact, boolean bypassCache) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        job.creating(fact, file);
        long t0 = System.nanoTime();
        OutgoingStream.Result r;
        try {
            Files.deleteIfExists(file);
            try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PrivateFiles.fileMode())) {
                header.writeTo(ch, false);
                job.active().cancelWith(m::migrateCancel);
                try (Flusher flusher = Flusher.start(file, n -> { });
                     FileChannel direct = bypassCache ? DirectIo.open(file, StandardOpenOption.WRITE) : null) {
                    long guestMemory = memoryBytes(obj);
                    r = OutgoingStream.save(m, ctx.runner().context(obj).outgoingSocket(), ch, direct,
                            header.streamOffset(), STREAM_TIMEOUT, n -> job.active().memoryProgress(n, guestMemory));
                    flusher.finish();
                } finally {
                    job.active().cancelWith(null);
                }
                if (r.writeError() != null) {
                    throw r.writeError();
                }
                if (!r.complete()) {
                    job.checkCancelled();
                    throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not save the memory of domain '"
                            + obj.name() + "' into " + file + ": " + (r.status().error() != null ? r.status().error()
                            : "its migration ended as " + r.status().qemuStatus()) + ".");
                }
                header.writeTo(ch, true);
                ch.force(false);
            }
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot write the memory of domain '" + obj.name()
                    + "' into " + file + ": " + e.getMessage() + ".", e);
        }
        LOG.info(() -> "domain " + obj.name() + ": memory saved into " + file + " (" + r.bytes() / (1 << 20)
                + " MiB) in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The guest's memory in bytes, by its live definition (what a memory image holds, near enough). */
    static long memoryBytes(DomainObj obj) {
        DomainDef def = obj.liveDef();
        return def == null ? 0 : def.memoryKiB() * 1024;
    }

    /** Waits for QEMU's job to end and dismisses it. */
    QemuJob awaitJob(DomainObj obj, QemuMonitor m, String id, JobHandle job) {
        Optional<QemuJob> done;
        try {
            done = obj.qemuJobs.await(m, id, QEMU_JOB_TIMEOUT, job == null ? null : job.active());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "interrupted while waiting for QEMU's job " + id + ".", e);
        }
        if (done.isEmpty()) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU lost its job " + id + ".");
        }
        try {
            m.jobDismiss(id);
        } catch (QmpException e) {
            LOG.fine("job-dismiss " + id + ": " + e.getMessage());
        }
        return done.get();
    }

    private static void cancelQuietly(QemuMonitor m, String id) {
        try {
            m.jobCancel(id);
        } catch (QmpException e) {
            LOG.fine("job-cancel " + id + ": " + e.getMessage());
        }
    }

    /** Removes a format node added by a job, and its protocol node. */
    static void detach(QemuMonitor m, String formatNode) {
        for (String n : List.of(formatNode, SnapshotFacts.fileNode(formatNode))) {
            try {
                m.blockdevDel(n);
            } catch (QmpException e) {
                LOG.fine("blockdev-del " + n + ": " + e.getMessage());
            }
        }
    }

    /**
     * Makes the overlays (target to file) over the disks' top images of {@code def}, each
     * recorded in the job before it is made; reused ones must be qcow2 files already.
     */
    void makeOverlays(JobHandle job, DomainDef def, Map<String, String> overlays, boolean reuse) {
        for (Map.Entry<String, String> o : overlays.entrySet()) {
            job.checkCancelled();
            DiskDef disk = SnapshotDisks.disk(def, o.getKey());
            Path overlay = Path.of(o.getValue());
            if (reuse) {
                job.fact(SnapshotFacts.OVERLAY + o.getKey(), overlay.toString());
                continue;
            }
            job.creating(SnapshotFacts.OVERLAY + o.getKey(), overlay);
            SnapshotImages.createOverlay(overlay, Path.of(disk.localPath()), SnapshotDisks.format(disk));
        }
    }

    /**
     * After QEMU switched the disks: the live definition (and run record) puts each overlay on
     * top of its disk's chain, the image locks follow, and the persistent definition does the
     * same for each disk that still names the image the overlay went on.
     */
    void followOverlays(DomainObj obj, Map<String, String> overlays) {
        DomainDef before = obj.liveDef();
        DomainDef after = SnapshotDisks.withOverlays(before, overlays);
        obj.setLiveDef(after);
        try {
            ctx.runner().saveRecord(obj);
        } catch (IOException e) {
            throw new UncheckedIOException("the live definition with the overlays could not be written", e);
        }
        ctx.runner().relockDisks(obj, before, after);
        DomainDef persistent = obj.persistentDef();
        if (persistent != null) {
            Map<String, String> same = new java.util.LinkedHashMap<>();
            overlays.forEach((target, file) -> {
                DiskDef p = SnapshotDisks.disk(persistent, target);
                DiskDef l = SnapshotDisks.disk(before, target);
                if (p != null && l != null && p.localPath() != null && p.localPath().equals(l.localPath())) {
                    same.put(target, file);
                }
            });
            if (!same.isEmpty()) {
                ctx.definitions().persist(obj, SnapshotDisks.withOverlays(persistent, same));
            }
        }
    }

    /**
     * Records a snapshot's metadata durably and makes it the domain's current snapshot: the old
     * current one loses its mark first, so a crash between the two writes leaves none current,
     * never two.
     */
    void record(DomainObj obj, SnapshotDef s, boolean makeCurrent) {
        SnapshotTree tree = obj.snapshots();
        String old = tree.current();
        try {
            if (makeCurrent && old != null && !old.equals(s.name()) && tree.get(old) != null) {
                ctx.store().save(obj.name(), tree.get(old), false);
            }
            ctx.store().save(obj.name(), s, makeCurrent || s.name().equals(old));
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot save the metadata of snapshot '" + s.name()
                    + "' to " + ctx.store().fileOf(obj.name(), s.name()) + ": " + e.getMessage() + ".", e);
        }
        SnapshotTree next = tree.with(s);
        obj.setSnapshots(makeCurrent ? next.withCurrent(s.name()) : next);
    }

    /** Undoes a failed job's steps with its recovery; when that fails too, the record stays for the next start. */
    void undo(DomainObj obj, JobHandle job) {
        try {
            recovery.recover(obj, job.record());
        } catch (RuntimeException e) {
            LOG.warning("domain " + obj.name() + ": undoing the failed " + job.record().operation().label()
                    + " job failed (" + e.getMessage() + "); it is tried again at the daemon's next start.");
            job.keepRecord();
        }
    }

    /**
     * The freeze-and-thaw bracket of {@code --quiesce} over the domain's guest agent.
     *
     * @throws DaemonException UNSUPPORTED when the domain has no agent channel jvirt can use
     */
    Quiesce quiesce(DomainObj obj) {
        DomainDef live = obj.liveDef();
        ChannelDef channel = live.devices().channels().stream()
                .filter(c -> c.name().equals(ChannelDef.GUEST_AGENT)).findFirst()
                .orElseThrow(() -> Quiesce.notConfigured(obj.name()));
        Path socket = QemuArgv.channelSocket(channel, ctx.runner().runDir(obj)).orElseThrow(() -> new DaemonException(
                ErrorCode.UNSUPPORTED, "The guest agent channel of domain '" + obj.name() + "' connects to a socket "
                + "another program listens on, so jvirt cannot freeze the guest's file systems for --quiesce."));
        return new Quiesce(socket, obj.name(), AGENT_TIMEOUT);
    }

    /**
     * Makes a file's data durable while another process writes it: fdatasync every 20 ms on a
     * virtual thread, so that the write-back overlaps the writing and the closing fsync is short.
     */
    static final class Flusher implements AutoCloseable {
        private static final long FLUSH_INTERVAL_NANOS = 20_000_000;
        private final FileChannel channel;
        private final Thread thread;
        private final LongConsumer written;
        private volatile boolean stop;

        private Flusher(FileChannel channel, LongConsumer written) {
            this.channel = channel;
            this.written = written;
            this.thread = Thread.ofVirtual().name("snapshot-flusher").start(this::run);
        }

        /** Flushes {@code file} behind its writer and tells {@code written} its size after each flush. */
        static Flusher start(Path file, LongConsumer written) {
            try {
                return new Flusher(FileChannel.open(file, StandardOpenOption.READ), written);
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot open " + file + ": " + e.getMessage() + ".", e);
            }
        }

        private void run() {
            while (!stop) {
                try {
                    channel.force(false);
                    written.accept(channel.size());
                } catch (IOException e) {
                    return;
                }
                LockSupport.parkNanos(FLUSH_INTERVAL_NANOS); // finish() unparks: no waiting out a pause
            }
        }

        /** Stops flushing (at once, unless an fdatasync is under way); the caller fsyncs once more. */
        void finish() {
            stop = true;
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            finish();
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only descriptor
            }
        }
    }
}
