package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.daemon.DaemonException;
import io.jvirt.storage.StorageException;

/** Maps the storage library's failures onto the API's stable codes; the message stays the library's sentence. */
final class StorageErrors {
    private StorageErrors() {
    }

    static ErrorCode code(StorageException.Kind kind) {
        return switch (kind) {
            case INVALID_NAME, INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case EXISTS -> ErrorCode.ALREADY_EXISTS;
            case NO_SPACE, COMMAND_FAILED, IMAGE, IO -> ErrorCode.HOST_RESOURCE;
            case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            case POOL_INACTIVE, POOL_ACTIVE, POOL_NOT_EMPTY -> ErrorCode.INVALID_STATE;
            case DEVICE_IN_USE, IMAGE_IN_USE -> ErrorCode.IN_USE;
        };
    }

    static DaemonException translate(StorageException e) {
        return new DaemonException(code(e.kind()), e.getMessage(), e);
    }

    static DaemonException invalid(String what, ConfException e) {
        return new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
    }
}
