package io.jvirt.daemon.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Starts jobs and finds the ones a crash interrupted. A job is begun under its domain's job
 * lock ({@link #begin}); its record is durable before its first step, and every phase it
 * reaches is recorded before the step runs. At start-up, {@link #pending()} gives the records
 * left behind, and {@link #recover} hands each to the recovery of its kind.
 */
public final class Jobs {
    private static final Logger LOG = Logger.getLogger(Jobs.class.getName());

    private final JobStore store;
    private final FaultHook faults;
    private final Map<String, JobRecovery> recoveries = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis());

    public Jobs(JobStore store, FaultHook faults) {
        this.store = store;
        this.faults = faults;
    }

    /** Registers the recovery of one kind of job; call before the daemon loads its domains. */
    public void register(JobRecovery recovery) {
        if (recoveries.putIfAbsent(recovery.kind(), recovery) != null) {
            throw new IllegalStateException("two recoveries for job kind " + recovery.kind());
        }
    }

    /** The recovery of a kind, for a job that undoes a failed step itself. */
    public JobRecovery recovery(String kind) {
        JobRecovery r = recoveries.get(kind);
        if (r == null) {
            throw new IllegalStateException("no recovery registered for job kind " + kind);
        }
        return r;
    }

    /**
     * Begins a job: records it durably, then makes it visible to queries. The caller holds the
     * domain's job lock until the handle is closed.
     *
     * @param domain the domain's UUID (names the record)
     * @param holder where queries find it
     * @param operation what it does
     * @param kind which {@link JobRecovery} knows its phases
     * @param phase its first phase
     * @param facts what its recovery needs from the start
     * @return the handle through which the job records its steps
     * @throws UncheckedIOException when the record cannot be written (nothing has been done)
     */
    public JobHandle begin(UUID domain, JobHolder holder, JobOperation operation, String kind, String phase,
                           Map<String, String> facts) {
        recovery(kind);
        JobRecord rec = new JobRecord(Long.toString(nextId.incrementAndGet(), 36), operation, kind, phase,
                System.currentTimeMillis(), facts, null);
        try {
            store.save(domain, rec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the job in " + store.fileOf(domain) + ": " + e.getMessage(), e);
        }
        ActiveJob active = new ActiveJob(operation, phase);
        holder.jobStarted(active);
        faults.reached(operation, phase);
        return new JobHandle(this, domain, holder, active, rec);
    }

    /**
     * Takes over a job a daemon restart found still running (a block job QEMU still runs): its
     * record stays and goes on through the returned handle.
     *
     * @param domain the UUID that names the record
     * @param holder where queries find it
     * @param record its record as it was found
     */
    public JobHandle resume(UUID domain, JobHolder holder, JobRecord record) {
        recovery(record.kind());
        ActiveJob active = new ActiveJob(record.operation(), record.phase());
        holder.jobStarted(active);
        return new JobHandle(this, domain, holder, active, record);
    }

    void save(UUID domain, JobRecord rec) {
        try {
            store.save(domain, rec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the job's progress in " + store.fileOf(domain) + ": "
                    + e.getMessage(), e);
        }
    }

    void reached(JobOperation op, String phase) {
        faults.reached(op, phase);
    }

    /** Removes a domain's job record (a job that ended, or one nothing is left to recover of). */
    public void forget(UUID domain) {
        try {
            store.delete(domain);
        } catch (IOException e) {
            LOG.warning("cannot remove the job record " + store.fileOf(domain) + " (its recovery runs again at the "
                    + "next start, harmlessly): " + e.getMessage());
        }
    }

    /** The records a crash left behind, by domain UUID. */
    public Map<UUID, JobRecord> pending() throws IOException {
        return store.loadAll();
    }

    /**
     * Recovers one interrupted job (the domain's job lock held) and removes its record; a
     * recovery that fails keeps the record for the next start.
     *
     * @return whether the record was handled
     */
    public boolean recover(UUID uuid, String domain, JobRecord record) {
        JobRecovery r = recoveries.get(record.kind());
        if (r == null) {
            LOG.warning("domain " + domain + ": an interrupted " + record.operation().label() + " job of kind "
                    + record.kind() + " has no recovery in this jvirt; its record " + store.fileOf(uuid) + " stays.");
            return false;
        }
        try {
            r.recover(domain, record);
        } catch (RuntimeException e) {
            LOG.warning("domain " + domain + ": the interrupted " + record.operation().label() + " job (phase "
                    + record.phase() + ") could not be recovered: " + e.getMessage() + "; its record "
                    + store.fileOf(uuid) + " stays for the next start.");
            return false;
        }
        LOG.info("domain " + domain + ": recovered the " + record.operation().label() + " job a daemon stop "
                + "interrupted in phase " + record.phase());
        forget(uuid);
        return true;
    }
}
