package io.jvirt.daemon.job;

/**
 * When each step of an operation began, in milliseconds since the operation did, for the
 * daemon's log ("assign 1, plug 2, qemu 4, saved 11"): where a slow operation spent its time
 * can then be read off the log line that reports it. Not thread-safe: one per operation.
 */
public final class Timeline {
    private final long started = System.nanoTime();
    private final StringBuilder text = new StringBuilder();

    /** Marks that {@code step} begins (or that the step before it ended) now. */
    public void mark(String step) {
        if (!text.isEmpty()) {
            text.append(", ");
        }
        long micros = (System.nanoTime() - started) / 1_000;
        text.append(step).append(' ').append(micros / 1000).append('.').append(micros % 1000 / 100);
    }

    /** The marks so far, or "" when there are none. */
    @Override
    public String toString() {
        return text.toString();
    }
}
