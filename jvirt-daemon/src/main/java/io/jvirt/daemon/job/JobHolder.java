package io.jvirt.daemon.job;

import io.jvirt.api.DomainJobInfo;

/** Where a domain keeps its running job and the summary of its last one, for queries. */
public interface JobHolder {
    /** A job started. */
    void jobStarted(ActiveJob job);

    /** The job ended; {@code summary} is what domjobinfo --completed shows. */
    void jobEnded(ActiveJob job, DomainJobInfo summary);
}
