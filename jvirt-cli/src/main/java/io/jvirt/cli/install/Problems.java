package io.jvirt.cli.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one {@code jvirt install} command line so that all of them are
 * reported at once: each is a sentence with the kind of the problem.
 */
final class Problems {
    private record Problem(InstallException.Kind kind, String sentence) {
    }

    private final List<Problem> found = new ArrayList<>();

    /** Adds a problem of kind {@code BAD_OPTION}. */
    void bad(String sentence) {
        add(InstallException.Kind.BAD_OPTION, sentence);
    }

    /** Adds a problem. */
    void add(InstallException.Kind kind, String sentence) {
        found.add(new Problem(kind, sentence));
    }

    /** Returns whether nothing was found. */
    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Returns the sentences found so far. */
    List<String> sentences() {
        return found.stream().map(Problem::sentence).toList();
    }

    /** Throws every problem found, if any; the kind is the first problem's. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InstallException(found.getFirst().kind(), found.stream().map(Problem::sentence).toList());
        }
    }
}
