package io.jvirt.qemu.qmp;

/**
 * One of QEMU's background jobs, from {@code query-jobs}.
 *
 * @param id the job id its creator gave
 * @param type QEMU's job type word ({@code snapshot-save}, {@code commit}, {@code mirror}...)
 * @param status where it is
 * @param current progress so far, in the job's own unit (bytes for block jobs)
 * @param total the expected end of progress (may grow while the job runs)
 * @param error QEMU's message when the job failed or was cancelled, else null
 */
public record QemuJob(String id, String type, JobStatus status, long current, long total, String error) {

    /** Whether the job ended without an error. */
    public boolean succeeded() {
        return status.ended() && error == null;
    }
}
