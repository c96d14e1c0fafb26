package io.jvirt.qemu.argv;

/**
 * A valid definition that this QEMU driver cannot turn into a command line, for example a
 * device on a bus the machine type lacks. The message is a whole sentence for the user.
 */
public final class ArgvException extends RuntimeException {

    /** Stable category of the failure. */
    public enum Kind {
        /** The definition uses something the QEMU driver does not implement. */
        UNSUPPORTED,
        /** Parts of the definition cannot be realised together, such as an address on a missing bus. */
        CONFLICT
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind the category
     * @param message a whole-sentence message
     */
    public ArgvException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }
}
