package io.jvirt.image.ops;

/** Receives progress of a long operation, as a percentage from 0 to 100. */
@FunctionalInterface
public interface Progress {

    /** Ignores progress. */
    Progress NONE = p -> { };

    /**
     * Reports progress.
     *
     * @param percent 0 to 100
     */
    void update(double percent);
}
