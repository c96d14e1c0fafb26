package io.jvirt.qemu.hotplug;

/**
 * A device change QEMU cannot be asked to make on a running machine. {@link #kind()} is stable;
 * the message is a whole sentence that says what to do.
 */
public final class HotplugException extends RuntimeException {

    /** Stable category of a refusal. */
    public enum Kind {
        /** The change needs something QEMU cannot add or remove while the guest runs. */
        UNSUPPORTED,
        /** The change would alter devices the guest already has. */
        CONFLICT
    }

    private final Kind kind;

    /** A refusal of the given kind. */
    public HotplugException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }
}
