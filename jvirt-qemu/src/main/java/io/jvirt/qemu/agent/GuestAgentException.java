package io.jvirt.qemu.agent;

/**
 * The one failure type of the guest agent client: a stable {@link Kind} and a whole-sentence
 * message naming the agent's socket.
 */
public final class GuestAgentException extends RuntimeException {
    /** Stable category of a guest agent failure. */
    public enum Kind {
        /** Nothing listens on the channel's socket (the domain is not running, or QEMU was not told to). */
        UNREACHABLE,
        /** The socket accepted the connection but no agent answered {@code guest-sync} in time. */
        NOT_RESPONDING,
        /** The agent answered the command with an error. */
        COMMAND_FAILED,
        /** A user's command is no agent command (not JSON, or without {@code execute}). */
        INVALID_COMMAND,
        /** The agent accepted the command but what it should cause did not happen in time. */
        TIMEOUT,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String errorClass;

    GuestAgentException(Kind kind, String message, Throwable cause) {
        this(kind, "", message, cause);
    }

    private GuestAgentException(Kind kind, String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorClass = errorClass;
    }

    /** A COMMAND_FAILED with the agent's error class ({@code CommandNotFound}, {@code GenericError}, ...). */
    static GuestAgentException failed(String errorClass, String message) {
        return new GuestAgentException(Kind.COMMAND_FAILED, errorClass, message, null);
    }

    /**
     * The agent's error class of a COMMAND_FAILED ({@code CommandNotFound} for a command the
     * agent does not know, {@code GenericError}...), else empty.
     */
    public String errorClass() {
        return errorClass;
    }

    /** True when the agent does not have or has disabled the command (an older or restricted agent). */
    public boolean unsupportedCommand() {
        return errorClass.equals("CommandNotFound") || errorClass.equals("CommandDisabled");
    }

    /** The stable category. */
    public Kind kind() {
        return kind;
    }
}
