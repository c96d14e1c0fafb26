package io.jvirt.client;

import io.jvirt.api.ErrorCode;

/**
 * A failed call to jvirtd: either the daemon answered with an error (its stable code and
 * message are kept as they are) or it could not be reached.
 */
public final class JvirtClientException extends RuntimeException {
    private final ErrorCode code;

    public JvirtClientException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public JvirtClientException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }
}
