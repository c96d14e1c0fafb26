package io.jvirt.qemu.qmp;

import java.util.List;

/**
 * The block jobs of a running guest, typed: commit, stream (pull) and mirror (copy) started,
 * their speed changed, their progress and the chains they change read back. The jobs
 * themselves are ended through {@link QemuMonitor}'s job commands ({@code job-complete},
 * {@code job-cancel}, {@code job-finalize}, {@code job-dismiss}); their events arrive as
 * {@link MonitorEvent.BlockJob} and {@link MonitorEvent.JobStatusChange}.
 */
public interface BlockJobMonitor {
    /** Starts a block job ({@code block-commit}, {@code block-stream} or {@code blockdev-mirror}). */
    void blockJobStart(BlockJobStart job);

    /** Changes a running block job's speed limit ({@code block-job-set-speed}); 0 lifts it. */
    void blockJobSetSpeed(String jobId, long bytesPerSecond);

    /** The block jobs that exist now ({@code query-block-jobs}). */
    List<BlockJobInfo> queryBlockJobs();

    /** Each guest block device's chain of open images ({@code query-block}). */
    List<BlockChain> queryBlockChains();
}
