package io.jvirt.qemu.qmp;

/**
 * One running block job, from {@code query-block-jobs}.
 *
 * @param id the job's id (QEMU's {@code device} field)
 * @param type QEMU's word: {@code commit}, {@code stream}, {@code mirror}, {@code backup}
 * @param offset progress so far, bytes
 * @param length the expected end of progress, bytes (may grow while the guest writes)
 * @param speed the speed limit, bytes per second (0: none)
 * @param ready whether a mirror-like job may be completed
 * @param status where it is
 */
public record BlockJobInfo(String id, String type, long offset, long length, long speed, boolean ready,
                           JobStatus status) {
}
