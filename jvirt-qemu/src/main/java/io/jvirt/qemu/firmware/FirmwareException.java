package io.jvirt.qemu.firmware;

/**
 * Why no firmware could be given to a domain: no descriptor matches, a descriptor cannot be
 * read, or the chosen firmware contradicts the definition. The message is a whole sentence.
 */
public final class FirmwareException extends RuntimeException {

    /** Stable category of the failure. */
    public enum Kind {
        /** No firmware descriptor of the host satisfies the definition. */
        NO_MATCH,
        /** A firmware descriptor file is not valid JSON or misses required members. */
        BAD_DESCRIPTOR,
        /** The chosen firmware contradicts the definition (SMM off, unsupported image format). */
        CONFLICT
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind the category
     * @param message a whole-sentence message
     */
    public FirmwareException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }
}
