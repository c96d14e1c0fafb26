package io.jvirt.daemon.job;

import io.jvirt.api.DomainJobInfo;

import java.nio.file.Path;
import java.util.UUID;

/**
 * A running job's own handle: it records each phase and each file it is about to create
 * durably before the step runs, and ends the job. Used only by the thread that runs the job,
 * which holds the domain's job lock.
 */
public final class JobHandle implements AutoCloseable {
    private final Jobs jobs;
    private final UUID domain;
    private final JobHolder holder;
    private final ActiveJob active;
    private JobRecord record;
    private DomainJobInfo.Type outcome;
    private String error;
    private boolean keep;
    private final Timeline timeline = new Timeline();

    JobHandle(Jobs jobs, UUID domain, JobHolder holder, ActiveJob active, JobRecord record) {
        this.jobs = jobs;
        this.domain = domain;
        this.holder = holder;
        this.active = active;
        this.record = record;
    }

    /** What queries see and aborts reach. */
    public ActiveJob active() {
        return active;
    }

    /** The job's record as it stands. */
    public JobRecord record() {
        return record;
    }

    /** Records that the job reaches {@code phase}, durably, before its step runs. */
    public void phase(String phase) {
        mark(phase);
        record = record.withPhase(phase);
        jobs.save(domain, record);
        active.phase(phase);
        jobs.reached(record.operation(), phase);
    }

    /**
     * Marks a step that the recovery does not need to know of (it looks at QEMU and the files
     * instead): queries see it and fault injection reaches it, but nothing is written.
     */
    public void step(String phase) {
        mark(phase);
        active.phase(phase);
        jobs.reached(record.operation(), phase);
    }

    /** Records a fact the recovery will need, durably. */
    public void fact(String name, String value) {
        record = record.withFact(name, value);
        jobs.save(domain, record);
    }

    /**
     * Records, in one durable write, that the job is about to create {@code file} and that the
     * fact {@code name} names it.
     */
    public Path creating(String name, Path file) {
        record = record.withFact(name, file.toString()).withCreated(file.toString());
        jobs.save(domain, record);
        return file;
    }

    /** Records, durably, that the job is about to create {@code file}: a crash then never leaves it unaccounted for. */
    public Path creating(Path file) {
        record = record.withCreated(file.toString());
        jobs.save(domain, record);
        return file;
    }

    /**
     * When each phase and step began, in milliseconds since the job did ("overlays 3, attach
     * 5, ..."), for the daemon's log of how long a job took.
     */
    public String timeline() {
        return timeline.toString();
    }

    private void mark(String phase) {
        timeline.mark(phase);
    }

    /**
     * Throws when someone asked the job to abort; call between steps.
     *
     * @throws JobAbortedException then
     */
    public void checkCancelled() {
        if (active.cancelRequested()) {
            throw new JobAbortedException(record.operation());
        }
    }

    /** Marks the job done; closing it then reports it completed. */
    public void succeeded() {
        outcome = DomainJobInfo.Type.COMPLETED;
    }

    /** Marks the job failed (after it undid its steps), with the reason domjobinfo --completed shows. */
    public void failed(Throwable why) {
        outcome = why instanceof JobAbortedException ? DomainJobInfo.Type.CANCELLED : DomainJobInfo.Type.FAILED;
        error = why.getMessage();
    }

    /**
     * Keeps the record when the job is closed: its undo failed, and the recovery runs again at
     * the daemon's next start.
     */
    public void keepRecord() {
        keep = true;
    }

    /** Ends the job: its record goes (unless kept), and queries see it as the last completed one. */
    @Override
    public void close() {
        if (!keep) {
            jobs.forget(domain);
        }
        DomainJobInfo.Type how = outcome == null ? DomainJobInfo.Type.FAILED : outcome;
        holder.jobEnded(active, active.ended(how, error));
    }
}
