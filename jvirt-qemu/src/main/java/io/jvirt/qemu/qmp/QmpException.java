package io.jvirt.qemu.qmp;

import java.util.Optional;

/**
 * The one failure type of the QMP client. {@link #kind()} is stable for callers that map it
 * to an API code; the message is a whole sentence naming the socket or the command.
 */
public final class QmpException extends RuntimeException {

    /** Stable category of a QMP failure. */
    public enum Kind {
        /** The socket did not appear or accept a connection within the connect timeout. */
        CONNECT_TIMEOUT,
        /** The QEMU process ended while the client was still trying to connect. */
        PROCESS_DIED,
        /** QEMU sent something that is not QMP, or no greeting. */
        PROTOCOL,
        /** QEMU answered a command with an error; see {@link #errorClass()}. */
        COMMAND_FAILED,
        /** The connection ended (QEMU exited or the client was closed) before an answer came. */
        CLOSED,
        /** No answer came within the time the caller allowed. */
        TIMEOUT,
        /** Reading from or writing to the socket failed. */
        IO,
        /** The calling thread was interrupted while it waited. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String errorClass;

    public QmpException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    QmpException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    QmpException(Kind kind, String message, String errorClass, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorClass = errorClass;
    }

    /**
     * The failure of a command QEMU answered with an error, as {@link QmpClient} reports it; for
     * monitors that are not a QMP connection (tests' in-memory QEMU).
     *
     * @param errorClass QEMU's error class, such as {@code DeviceNotFound}
     * @param message QEMU's description
     * @return the exception
     */
    public static QmpException commandFailed(String errorClass, String message) {
        return new QmpException(Kind.COMMAND_FAILED, message, errorClass, null);
    }

    /** Returns the stable category of this failure. */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns QEMU's error class (such as {@code GenericError} or {@code DeviceNotFound}) when
     * QEMU rejected a command, otherwise empty.
     */
    public Optional<String> errorClass() {
        return Optional.ofNullable(errorClass);
    }
}
