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
    private volatile long memoryWritten;
    private volatile long memoryTotal;
    private volatile boolean cancelRequested;
    private volatile Canceller canceller;
    private volatile String abortRefusal;

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
     * Reports the guest memory written to a file so far (a save, a snapshot with memory): QEMU
     * answers no query while it writes the state, so the file's growth is the progress.
     *
     * @param written bytes in the file so far
     * @param guestMemory the guest's memory in bytes
     */
    public void memoryProgress(long written, long guestMemory) {
        this.memoryTotal = Math.max(guestMemory, written);
        this.memoryWritten = written;
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

    /**
     * Marks the job as one that cannot be stopped (QEMU has no command to stop a memory-only dump):
     * {@code domjobabort} then answers {@code why}, as libvirt refuses it.
     */
    public void refuseAbort(String why) {
        this.abortRefusal = why;
    }

    /** Why the job cannot be aborted, or null when it can. */
    public String abortRefusal() {
        return abortRefusal;
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
        return summary(DomainJobInfo.Type.UNBOUNDED, null);
    }

    /** What domjobinfo --completed shows once it ended. */
    DomainJobInfo ended(DomainJobInfo.Type how, String error) {
        return summary(how, error);
    }

    /** The figures: a job writing guest memory counts those bytes as its data too, as libvirt's save does. */
    private DomainJobInfo summary(DomainJobInfo.Type how, String error) {
        long memTotal = memoryTotal;
        long memDone = memoryWritten;
        boolean memory = memTotal > 0;
        return new DomainJobInfo(how, operation.label(), phase, elapsedMillis(), memory ? memDone : processed,
                memory ? memTotal : total, memDone, memTotal, error);
    }
}
