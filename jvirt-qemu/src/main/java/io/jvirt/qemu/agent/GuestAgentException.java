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
        /** The agent accepted the command but what it should cause did not happen in time. */
        TIMEOUT,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;

    GuestAgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The stable category. */
    public Kind kind() {
        return kind;
    }
}
