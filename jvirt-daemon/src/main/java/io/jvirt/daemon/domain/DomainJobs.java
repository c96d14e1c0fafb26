package io.jvirt.daemon.domain;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.job.ActiveJob;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code domjobinfo} and {@code domjobabort}: a domain's running job (or its last one) as its
 * {@link ActiveJob} shows it, read without the job lock, and the request to stop it. The abort
 * returns at once; the job stops at the next point it can (for a save: once QEMU has written the
 * state, since QEMU answers nothing meanwhile) and undoes its steps, as libvirt's does.
 */
public final class DomainJobs {
    private static final Logger LOG = Logger.getLogger(DomainJobs.class.getName());

    private final DomainService domains;

    public DomainJobs(DomainService domains) {
        this.domains = domains;
    }

    /**
     * The running job, or with {@code completed} the last one that ended (forgotten after this
     * answer unless {@code keep}); {@link DomainJobInfo#NONE} when there is none.
     */
    public DomainJobInfo info(String ref, boolean completed, boolean keep) {
        if (keep && !completed) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--keep-completed needs --completed.");
        }
        DomainObj obj = domains.lookup(ref);
        if (completed) {
            return obj.takeLastJob(keep);
        }
        ActiveJob job = obj.activeJob();
        return job == null ? DomainJobInfo.NONE : job.info();
    }

    /**
     * Asks the running job to stop.
     *
     * @return the job as it stood when asked
     * @throws DaemonException INVALID_STATE when no job runs
     */
    public DomainJobInfo abort(String ref) {
        DomainObj obj = domains.lookup(ref);
        ActiveJob job = obj.activeJob();
        if (job == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' runs no job, so there is "
                    + "nothing to abort.");
        }
        if (job.abortRefusal() != null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The " + job.operation().label().toLowerCase(
                    Locale.ROOT) + " job of domain '" + obj.name() + "' cannot be aborted: "
                    + job.abortRefusal() + "; wait for it to end.");
        }
        DomainJobInfo now = job.info();
        // the canceller may wait for QEMU (busy writing a state): never on the request's thread
        Thread.ofVirtual().name("job-abort-" + obj.name()).start(() -> {
            try {
                job.requestCancel();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "domain " + obj.name() + ": asking its job to stop failed", e);
            }
        });
        LOG.info("domain " + obj.name() + ": abort of its " + job.operation().label() + " job requested");
        return now;
    }
}
