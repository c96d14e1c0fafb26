package io.jvirt.qemu.qmp;

import java.util.Locale;

/**
 * Where a QEMU background job is in its life: QEMU 7.2's {@code JobStatus}. A job the caller
 * started with auto-dismiss off stays {@link #CONCLUDED} until {@code job-dismiss}.
 */
public enum JobStatus {
    /** Not set (never reported by a live job). */
    UNDEFINED,
    /** Created, not started. */
    CREATED,
    /** Running. */
    RUNNING,
    /** Paused by the user. */
    PAUSED,
    /** A mirror-like job ready to be completed. */
    READY,
    /** Ready, but paused. */
    STANDBY,
    /** Done, waiting for the other jobs of its transaction. */
    WAITING,
    /** Done, waiting for {@code job-finalize}. */
    PENDING,
    /** Being cancelled or failing. */
    ABORTING,
    /** Ended (successfully or not); waits for {@code job-dismiss}. */
    CONCLUDED,
    /** Gone: dismissed. */
    NULL;

    /**
     * The status for QEMU's word.
     *
     * @param word such as {@code concluded}
     * @return the status, {@link #UNDEFINED} for an unknown word
     */
    public static JobStatus of(String word) {
        for (JobStatus s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(word)) {
                return s;
            }
        }
        return UNDEFINED;
    }

    /** Whether the job has ended: nothing more will happen to it but its dismissal. */
    public boolean ended() {
        return this == CONCLUDED || this == NULL;
    }
}
