package io.jvirt.api;

/**
 * Stable error codes of the jvirt API. The code never changes meaning; the message that
 * travels with it is a whole sentence for humans.
 */
public enum ErrorCode {
    /** The request was malformed (bad JSON, missing parameter, unknown field). */
    INVALID_ARGUMENT(400),
    /** A definition document (domain XML) is malformed or invalid. */
    INVALID_DEFINITION(400),
    /** No object with the given name, UUID or id exists. */
    NOT_FOUND(404),
    /** An object with this name or UUID already exists. */
    ALREADY_EXISTS(409),
    /** The operation does not fit the object's current state (e.g. starting a running domain). */
    INVALID_STATE(409),
    /** The host cannot satisfy the request (missing file, not enough memory, ...). */
    HOST_RESOURCE(422),
    /** A resource is in use by another object. */
    IN_USE(409),
    /** The domain's console already has a session; another client may take it over with force. */
    CONSOLE_BUSY(409),
    /** The hypervisor failed (QEMU exited, refused a command, ...). */
    HYPERVISOR_FAILED(500),
    /** The operation did not complete in the time allowed. */
    TIMEOUT(504),
    /** The operation is not supported by this driver or build. */
    UNSUPPORTED(501),
    /** An unexpected internal failure; the message says what was being done. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST front end answers with for this code. */
    public int httpStatus() {
        return httpStatus;
    }
}
