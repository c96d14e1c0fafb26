package io.jvirt.client;

/** Receives the progress of a volume upload or download, from the thread doing it. */
@FunctionalInterface
public interface TransferListener {
    /** Ignores progress. */
    TransferListener NONE = (done, total) -> { };

    /**
     * Reports progress, at most every few megabytes and once at the end.
     *
     * @param done bytes handled so far (data and holes)
     * @param total bytes in all, or -1 when unknown
     */
    void update(long done, long total);
}
