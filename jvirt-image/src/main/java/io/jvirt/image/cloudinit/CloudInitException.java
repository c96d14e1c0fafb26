package io.jvirt.image.cloudinit;

/** A {@code --cloud-init} option or one of the files it names is not usable; the message says why. */
public final class CloudInitException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** An unknown sub-option, a bad value, or options that exclude each other. */
        INVALID_OPTION,
        /** A file an option names cannot be read. */
        UNREADABLE_FILE
    }

    private final Kind kind;

    /** An error of {@code kind} with a whole-sentence message. */
    public CloudInitException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The stable code, {@code CLOUD_INIT_<KIND>}. */
    public String code() {
        return "CLOUD_INIT_" + kind.name();
    }
}
