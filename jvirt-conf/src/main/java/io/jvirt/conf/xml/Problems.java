package io.jvirt.conf.xml;

import io.jvirt.conf.ConfException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a parse puts the problems it finds. A {@link #collecting collecting} sink keeps
 * them all, so that a user sees every problem of a document at once; a {@link #failFast()}
 * sink throws the first. Each {@link XmlCursor} reports into the sink of its document, and
 * its {@link Vocabulary} tells a misspelt name from one the format knows but the model does
 * not support.
 *
 * <p>Not thread-safe: one sink serves one parse on one thread.
 */
public final class Problems {

    private final boolean collect;
    private final Vocabulary vocabulary;
    private final List<ConfException> found = new ArrayList<>();

    private Problems(boolean collect, Vocabulary vocabulary) {
        this.collect = collect;
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /** Returns a sink that throws the first problem reported to it. */
    public static Problems failFast() {
        return new Problems(false, Vocabulary.NONE);
    }

    /**
     * Returns a sink that keeps every problem until {@link #throwIfAny()}.
     *
     * @param vocabulary the names the document format knows
     * @return the sink
     */
    public static Problems collecting(Vocabulary vocabulary) {
        return new Problems(true, vocabulary);
    }

    /** Returns the names the document format knows. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Reports a problem: kept by a collecting sink, thrown by a fail-fast one.
     *
     * @param problem the problem
     */
    public void add(ConfException problem) {
        if (!collect) {
            throw problem;
        }
        for (ConfException p : problem.problems()) {
            // a combined exception may carry problems this sink already holds
            if (found.stream().noneMatch(f -> f == p)) {
                found.add(p);
            }
        }
    }

    /**
     * Runs one part of a parse; a configuration problem it throws is reported and the part
     * yields null, so that the parse can go on with the next part.
     *
     * @param part the work
     * @param <T> its result type
     * @return the result, or null when the part failed
     */
    public <T> T attempt(Supplier<T> part) {
        try {
            return part.get();
        } catch (ConfException e) {
            add(e);
            return null;
        }
    }

    /** Returns whether no problem has been reported. */
    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Returns the problems reported so far, in the order found. */
    public List<ConfException> all() {
        return List.copyOf(found);
    }

    /** Throws every problem reported so far as one exception; does nothing when there is none. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ConfException.combine(found);
        }
    }
}
