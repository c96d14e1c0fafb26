package io.jvirt.daemon.clone;

import java.util.List;

/** Why a clone cannot be made: every problem found, each a whole sentence. */
public final class CloneException extends RuntimeException {
    private final List<String> problems;

    /** The problems, in the order found. */
    public CloneException(List<String> problems) {
        super(String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem. */
    public List<String> problems() {
        return problems;
    }
}
