package io.jvirt.daemon.job;

/** Thrown by {@link JobHandle#checkCancelled()} when {@code domjobabort} asked the job to stop. */
public final class JobAbortedException extends RuntimeException {
    private final JobOperation operation;

    public JobAbortedException(JobOperation operation) {
        super("the " + operation.label().toLowerCase(java.util.Locale.ROOT) + " job was aborted by request.");
        this.operation = operation;
    }

    /** What was aborted. */
    public JobOperation operation() {
        return operation;
    }
}
