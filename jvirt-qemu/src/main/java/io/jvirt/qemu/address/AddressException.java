package io.jvirt.qemu.address;

import java.util.List;

/**
 * A definition whose device addresses cannot be assigned or do not fit together: two devices
 * in one slot, an address on a bus that does not exist or does not take that kind of device,
 * no room left. The message is whole sentences for the user and names every problem found.
 */
public final class AddressException extends RuntimeException {

    /** Stable category of the failure. */
    public enum Kind {
        /** Addresses or controllers of the definition contradict each other or the machine. */
        CONFLICT,
        /** The definition uses something this driver does not implement. */
        UNSUPPORTED,
        /** A bus has no room left for a device that needs it. */
        FULL
    }

    private final Kind kind;
    private final List<String> problems;

    /**
     * Creates the exception for one problem.
     *
     * @param kind the category
     * @param message a whole-sentence message
     */
    public AddressException(Kind kind, String message) {
        this(kind, List.of(message));
    }

    /**
     * Creates the exception for several problems found at once.
     *
     * @param kind the category of the first
     * @param problems the whole-sentence messages, at least one
     */
    public AddressException(Kind kind, List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : "The device addresses have " + problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }

    /** Returns each problem as a sentence. */
    public List<String> problems() {
        return problems;
    }
}
