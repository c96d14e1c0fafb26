package io.jvirt.qemu.caps;

/** QEMU could not be asked what it can do (not installed, did not start, did not answer). */
public final class QemuCapsException extends RuntimeException {
    /** With a whole sentence saying what went wrong and what to do. */
    public QemuCapsException(String message) {
        super(message);
    }

    /** With a whole sentence and the cause. */
    public QemuCapsException(String message, Throwable cause) {
        super(message, cause);
    }
}
