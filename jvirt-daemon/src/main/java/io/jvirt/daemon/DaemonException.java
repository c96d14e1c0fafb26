package io.jvirt.daemon;

import io.jvirt.api.ErrorCode;

/**
 * The daemon's one exception type: a stable {@link ErrorCode} and a whole-sentence message
 * that says what is wrong and what to do.
 */
public final class DaemonException extends RuntimeException {
    private final ErrorCode code;

    public DaemonException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DaemonException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
