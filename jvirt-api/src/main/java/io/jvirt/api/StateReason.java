package io.jvirt.api;

/**
 * Why a domain is in its state: libvirt's state reasons (virDomainRunningReason,
 * virDomainPausedReason, virDomainShutdownReason, virDomainShutoffReason), one constant per
 * word virsh's {@code domstate --reason} prints.
 */
public enum StateReason {
    /** No reason known (any state). */
    UNKNOWN("unknown"),
    /** Running: started normally. */
    BOOTED("booted"),
    /** Running: woke up from a suspend to RAM (pmsuspended). */
    WAKEUP("wakeup"),
    /** Running or shut off: migrated. */
    MIGRATED("migrated"),
    /** Running: restored from a save file. */
    RESTORED("restored"),
    /** Running, paused or shut off: reverted to a snapshot. */
    FROM_SNAPSHOT("from snapshot"),
    /** Running: resumed after a pause. */
    UNPAUSED("unpaused"),
    /** Running: a save was cancelled. */
    SAVE_CANCELED("save canceled"),
    /** Paused or in shutdown: by the user. */
    USER("user"),
    /** Paused: while its memory is saved. */
    SAVING("saving"),
    /** Paused: while its memory is dumped. */
    DUMPING("dumping"),
    /** Paused: an I/O error stopped it. */
    IO_ERROR("I/O error"),
    /** Paused: while a snapshot is taken. */
    CREATING_SNAPSHOT("creating snapshot"),
    /** Paused: while QEMU starts. */
    STARTING_UP("starting up"),
    /** Shut off: the guest powered off. */
    SHUTDOWN("shutdown"),
    /** Shut off: destroyed, or QEMU got a signal. */
    DESTROYED("destroyed"),
    /** Shut off: QEMU died. */
    CRASHED("crashed"),
    /** Shut off: its memory was saved to a file. */
    SAVED("saved"),
    /** Shut off: it failed to start. */
    FAILED("failed");

    private final String word;

    StateReason(String word) {
        this.word = word;
    }

    /** virsh's word, such as {@code from snapshot}. */
    public String word() {
        return word;
    }
}
