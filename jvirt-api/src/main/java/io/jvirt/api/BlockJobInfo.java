package io.jvirt.api;

/**
 * A disk's block job as {@code blockjob --info} shows it: the one running, or (with
 * {@code active} false) how the last one on that disk ended since the daemon started.
 *
 * @param disk the disk's target ({@code vda})
 * @param active whether a job runs on the disk now
 * @param type libvirt's job type word: {@code pull}, {@code copy}, {@code commit}, {@code active-commit};
 *             null when the disk never had a job
 * @param label virsh's name of the type ({@code Block Pull}, {@code Block Copy}, {@code Block Commit},
 *              {@code Active Block Commit}), or null
 * @param cur progress so far, bytes
 * @param end the expected end of progress, bytes (may grow while the guest writes)
 * @param bandwidth the speed limit, bytes per second (0: none)
 * @param ready whether a copy or an active commit is in step with its source and may be pivoted
 * @param result how the last job ended ({@code completed}, {@code failed}, {@code canceled}) when
 *               {@code active} is false, else null
 * @param error why it failed, else null
 */
public record BlockJobInfo(String disk, boolean active, String type, String label, long cur, long end,
                           long bandwidth, boolean ready, String result, String error) {
    /** The {@link #result} of a job that did what it was asked. */
    public static final String COMPLETED = "completed";
    /** The {@link #result} of a job QEMU ended with an error. */
    public static final String FAILED = "failed";
    /** The {@link #result} of an aborted job (or a copy finished without a pivot). */
    public static final String CANCELED = "canceled";
}
