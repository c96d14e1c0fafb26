package io.jvirt.network;

/**
 * The one failure type of the network driver. {@link #kind()} is a stable code; the
 * message is a whole sentence saying what is wrong and what to do.
 */
public final class NetworkException extends RuntimeException {

    /** Stable category of a network driver failure. */
    public enum Kind {
        /** The definition cannot be realised as written (for example VLANs on a bridge without filtering). */
        INVALID_CONFIG,
        /** The network would collide with something on the host: a route, a bridge, another network. */
        CONFLICT,
        /** A host tool ({@code ip}, {@code nft}, {@code tc}, {@code dnsmasq}) failed. */
        HOST_FAILURE
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind the stable category
     * @param message a whole-sentence message
     */
    public NetworkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param kind the stable category
     * @param message a whole-sentence message
     * @param cause what went wrong underneath
     */
    public NetworkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }
}
