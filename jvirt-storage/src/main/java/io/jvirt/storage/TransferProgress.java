package io.jvirt.storage;

/** Receives the progress of a long volume operation (clone, upload, download, wipe). */
@FunctionalInterface
public interface TransferProgress {

    /** Ignores progress. */
    TransferProgress NONE = (done, total) -> { };

    /**
     * Reports progress; called from the thread doing the work, at most every few megabytes.
     *
     * @param done bytes handled so far
     * @param total bytes to handle in all, or -1 when unknown
     */
    void update(long done, long total);
}
