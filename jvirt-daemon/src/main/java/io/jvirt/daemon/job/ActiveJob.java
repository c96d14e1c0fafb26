package io.jvirt.daemon.job;

import io.jvirt.api.DomainJobInfo;

import java.util.concurrent.TimeUnit;

/**
 * A job while it runs, as queries see it: read without any lock ({@code domjobinfo}), and
 * asked to stop ({@code domjobabort}) from another thread than the one running it.
 */
public final class ActiveJob {
    /** Stops what the job waits for (a QEMU job, a copy), when asked to abort. */
    public interface Canceller {
        void cancel();
    }

    private final JobOperation operation;
    private final long startNanos = System.nanoTime();
    private volatile String phase;
    private volatile long processed;
    private volatile long total;
    private volatile boolean cancelRequested;
    private volatile Canceller canceller;

    ActiveJob(JobOperation operation, String phase) {
        this.operation = operation;
        this.phase = phase;
    }

    /** What the job does. */
    public JobOperation operation() {
        return operation;
    }

    void phase(String p) {
        this.phase = p;
    }

    /** Reports progress: {@code done} of {@code expected} (0 when not known). */
    public void progress(long done, long expected) {
        this.processed = done;
        this.total = expected;
    }

    /**
     * Installs what stops the step running now when the job is asked to abort (null when the
     * step cannot be stopped): a QEMU job's {@code job-cancel}, say. Runs it at once when an
     * abort already came.
     */
    public void cancelWith(Canceller c) {
        this.canceller = c;
        if (c != null && cancelRequested) {
            c.cancel();
        }
    }

    /** Whether someone asked the job to stop. */
    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks the job to stop: the step running now is cancelled where it can be, the job ends at its next step. */
    public void requestCancel() {
        cancelRequested = true;
        Canceller c = canceller;
        if (c != null) {
            c.cancel();
        }
    }

    /** How long it has run. */
    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** What domjobinfo shows while it runs. */
    public DomainJobInfo info() {
        return new DomainJobInfo(DomainJobInfo.Type.UNBOUNDED, operation.label(), phase, elapsedMillis(), processed,
                total, null);
    }

    /** What domjobinfo --completed shows once it ended. */
    DomainJobInfo ended(DomainJobInfo.Type how, String error) {
        return new DomainJobInfo(how, operation.label(), phase, elapsedMillis(), processed, total, error);
    }
}
