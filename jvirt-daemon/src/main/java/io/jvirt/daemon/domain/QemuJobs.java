package io.jvirt.daemon.domain;

import io.jvirt.daemon.job.ActiveJob;
import io.jvirt.qemu.qmp.JobStatus;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Waits for a domain's QEMU background jobs ({@code snapshot-save}, {@code block-commit}...).
 * The monitor's event thread {@link #signal()}s on every job event; the waiting job thread
 * then asks {@code query-jobs} (also every 100 ms without events, so a missed event costs
 * little), reports the progress and returns once the job has ended. One per domain.
 */
final class QemuJobs {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    /** A job event arrived (monitor event thread; never blocks). */
    void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many job events arrived so far; pass it to {@link #awaitAfter}. */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a job event arrives after {@code seen} was read, at most {@code nanos}. */
    void awaitAfter(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (generation == seen && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until QEMU's job {@code id} has ended (concluded), reporting its progress to
     * {@code progress}. The job is not dismissed.
     *
     * @return the job as it ended; empty when QEMU does not know it (dismissed, or never started)
     * @throws IllegalStateException when it runs longer than {@code timeout}
     */
    Optional<QemuJob> await(QemuMonitor monitor, String id, Duration timeout, ActiveJob progress)
            throws InterruptedException {
        return awaitStatus(monitor, id, timeout, progress, JobStatus::ended, "end");
    }

    /**
     * Waits until the job {@code id} is ready to complete (an active commit), waits for its
     * finalization, or has ended.
     *
     * @return the job then; empty when QEMU does not know it
     */
    Optional<QemuJob> awaitReady(QemuMonitor monitor, String id, Duration timeout, ActiveJob progress)
            throws InterruptedException {
        return awaitStatus(monitor, id, timeout, progress, s -> switch (s) {
            case READY, STANDBY, PENDING, CONCLUDED, NULL -> true;
            case UNDEFINED, CREATED, RUNNING, PAUSED, WAITING, ABORTING -> false;
        }, "get ready");
    }

    private Optional<QemuJob> awaitStatus(QemuMonitor monitor, String id, Duration timeout, ActiveJob progress,
                                          Predicate<JobStatus> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = generation;
            } finally {
                lock.unlock();
            }
            Optional<QemuJob> job = monitor.queryJobs().stream().filter(j -> j.id().equals(id)).findFirst();
            if (job.isEmpty()) {
                return job;
            }
            if (progress != null) {
                progress.progress(job.get().current(), job.get().total());
            }
            if (done.test(job.get().status())) {
                return job;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("QEMU's job " + id + " did not " + what + " within "
                        + timeout.toSeconds() + " s");
            }
            lock.lock();
            try {
                if (generation == seen) {
                    changed.awaitNanos(Math.min(left, POLL_NANOS));
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
