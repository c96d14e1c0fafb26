package io.jvirt.qemu.process;

/**
 * QEMU could not be started or stopped. The message is a whole sentence that includes what
 * QEMU itself printed, so users see "Could not open '/x.qcow2': Permission denied" rather
 * than "qemu unexpectedly closed the monitor".
 */
public final class QemuLaunchException extends RuntimeException {
    /** What went wrong, for callers that map it to an API code. */
    public enum Kind { SPAWN_FAILED, EXITED_EARLY, MONITOR_TIMEOUT, MONITOR_FAILED }

    private final Kind kind;

    public QemuLaunchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
