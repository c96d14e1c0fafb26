package io.jvirt.cli.install;

import java.util.List;

/**
 * Why {@code jvirt install} refused or failed: a stable {@link Kind} and one or more whole
 * sentences. Bad input reports every problem found at once ({@link #problems()}); the message
 * is those sentences, one per line.
 */
public final class InstallException extends RuntimeException {

    /** What kind of failure this is; stable for scripts and tests. */
    public enum Kind {
        /** An unknown option, sub-option or value, or options that contradict each other. */
        BAD_OPTION,
        /** Something named does not exist: a file, ISO, pool, network, volume or OS variant. */
        NOT_FOUND,
        /** Something already exists or is in use: a domain name, a disk path, a volume. */
        IN_USE,
        /** A pool lacks the free space for the disks asked for. */
        NO_SPACE,
        /** An install tree or medium holds no kernel and initrd that jvirt can find. */
        BAD_MEDIA,
        /** A step of the install failed after the plan was made (everything created was removed). */
        FAILED
    }

    private final Kind kind;
    private final List<String> problems;

    /**
     * One problem.
     *
     * @param kind the kind
     * @param sentence a whole sentence saying what is wrong and what to do
     */
    public InstallException(Kind kind, String sentence) {
        this(kind, List.of(sentence));
    }

    /**
     * Several problems found in one input.
     *
     * @param kind the kind of the first one
     * @param problems the sentences, at least one
     */
    public InstallException(Kind kind, List<String> problems) {
        super(String.join("\n", problems));
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    /**
     * A failed step, with its cause.
     *
     * @param sentence what failed
     * @param cause the cause
     */
    public InstallException(String sentence, Throwable cause) {
        super(sentence, cause);
        this.kind = Kind.FAILED;
        this.problems = List.of(sentence);
    }

    /** Returns the kind. */
    public Kind kind() {
        return kind;
    }

    /** Returns every problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
