package io.jvirt.image.qcow2;

/**
 * Ends a qcow2 check pass that cannot go on (qemu's negative return code); the message is a
 * whole sentence for the user. Internal to the checker: {@link Qcow2Checker} turns it into the
 * failure of the check result.
 */
final class CheckFailure extends RuntimeException {

    CheckFailure(String message) {
        super(message, null, false, false);
    }
}
