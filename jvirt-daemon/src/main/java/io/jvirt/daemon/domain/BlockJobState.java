package io.jvirt.daemon.domain;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.api.DomainJobInfo;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.daemon.job.ActiveJob;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobHolder;
import io.jvirt.daemon.job.JobRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One running block job of one disk, as its watcher and the queries see it. What a daemon
 * restart needs is in its durable record (facts named here); progress and the ready mark are
 * volatile copies of what QEMU last reported. Its {@link JobHandle} is used under this
 * object's monitor only (the watcher records phases, a pivot or an abort records its wish).
 */
final class BlockJobState {
    static final String KIND = "block-job";
    static final String DOMAIN = "domain";
    static final String DISK = "disk";
    static final String TYPE = "type";
    static final String QEMU_JOB = "qemuJob";
    static final String QDEV = "qdev";
    /** The disk's chain when the job started, top first, one file a line. */
    static final String BEFORE = "before";
    /** The chain the disk has once the job took effect, recorded before it is finalized. */
    static final String EXPECTED = "expected";
    static final String BASE_INDEX = "baseIndex";
    static final String TOP_INDEX = "topIndex";
    static final String DEST = "dest";
    static final String DEST_POOL = "destPool";
    static final String DEST_VOLUME = "destVolume";
    static final String DEST_NODE = "destNode";
    static final String SHALLOW = "shallow";
    static final String PIVOT = "pivot";
    static final String ABORT = "abort";
    /** blockcommit --delete: the committed-from images go once the commit took effect. */
    static final String DELETE = "delete";
    /** blockcopy --transient-job: a daemon restart cancels the job instead of following it. */
    static final String TRANSIENT = "transient";

    /** A block job is not the domain's job: domjobinfo does not show it (as in libvirt). */
    static final JobHolder NO_HOLDER = new JobHolder() {
        @Override
        public void jobStarted(ActiveJob job) {
        }

        @Override
        public void jobEnded(ActiveJob job, DomainJobInfo summary) {
        }
    };

    final DomainObj obj;
    final String target;
    final BlockJobType type;
    final String qemuJob;
    final String qdev;
    final List<String> before;
    /** The chain indexes the job works on: for a commit the top and the base, for a pull the base (-1: none). */
    final int topIndex;
    final int baseIndex;
    /** A copy's destination: its file, how the definition describes it, its format node; else null. */
    final String dest;
    final StorageSource destSource;
    final String destNode;
    final boolean shallow;
    final CompletableFuture<BlockJobInfo> ended = new CompletableFuture<>();
    private JobHandle handle;
    volatile long cur;
    volatile long end;
    volatile long bandwidth;
    volatile boolean ready;
    volatile boolean pivotRequested;
    volatile boolean abortRequested;
    volatile boolean completeSent;

    BlockJobState(DomainObj obj, String target, BlockJobType type, String qemuJob, String qdev, List<String> before,
                  int topIndex, int baseIndex, String dest, StorageSource destSource, String destNode, boolean shallow) {
        this.obj = obj;
        this.target = target;
        this.type = type;
        this.qemuJob = qemuJob;
        this.qdev = qdev;
        this.before = List.copyOf(before);
        this.topIndex = topIndex;
        this.baseIndex = baseIndex;
        this.dest = dest;
        this.destSource = destSource;
        this.destNode = destNode;
        this.shallow = shallow;
    }

    /** The UUID that names the job's record: one per domain and disk. */
    static UUID recordKey(UUID domain, String target) {
        return UUID.nameUUIDFromBytes((domain + "/" + target).getBytes(StandardCharsets.UTF_8));
    }

    /** The map key of a domain's disk. */
    static String key(DomainObj obj, String target) {
        return obj.uuid() + "/" + target;
    }

    String key() {
        return key(obj, target);
    }

    synchronized void attach(JobHandle h) {
        this.handle = h;
    }

    /** Records the phase the job reaches, durably. */
    synchronized void phase(String phase) {
        handle.phase(phase);
    }

    /** Records a fact, durably. */
    synchronized void fact(String name, String value) {
        handle.fact(name, value);
    }

    synchronized JobRecord record() {
        return handle.record();
    }

    /** Ends the job's record: it goes, and the job counts as ended. */
    synchronized void close(String error) {
        if (error == null) {
            handle.succeeded();
        } else {
            handle.failed(new IllegalStateException(error));
        }
        handle.close();
    }

    /**
     * The chain once the job took effect, top first: a commit without the merged layers, a
     * pull without the pulled ones, a pivoted copy on its destination (over the source's
     * backing when shallow); unchanged without a pivot of a two-phase job.
     */
    List<String> expected() {
        List<String> out = new ArrayList<>();
        switch (type) {
            case COMMIT -> {
                out.addAll(before.subList(0, topIndex));
                out.addAll(before.subList(baseIndex, before.size()));
            }
            case ACTIVE_COMMIT -> out.addAll(pivotRequested ? before.subList(baseIndex, before.size()) : before);
            case PULL -> {
                out.add(before.getFirst());
                if (baseIndex > 0) {
                    out.addAll(before.subList(baseIndex, before.size()));
                }
            }
            case COPY -> {
                if (pivotRequested) {
                    out.add(dest);
                    if (shallow) {
                        out.addAll(before.subList(1, before.size()));
                    }
                } else {
                    out.addAll(before);
                }
            }
        }
        return out;
    }

    /** What blockjob --info shows while it runs. */
    BlockJobInfo info() {
        return new BlockJobInfo(target, true, type.word(), type.label(), cur, end, bandwidth, ready, null, null);
    }
}
