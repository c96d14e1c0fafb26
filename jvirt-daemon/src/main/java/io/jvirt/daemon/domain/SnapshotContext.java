package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.job.Jobs;

/**
 * What the snapshot jobs share: the runner (QEMU processes and their live definitions), the
 * metadata store, the jobs framework, the events and the persistent definitions. Every method
 * of a job expects the domain's job lock to be held.
 *
 * @param runner starts, stops and talks to QEMU
 * @param store the snapshot metadata files
 * @param jobs durable job records and their recoveries
 * @param events lifecycle events
 * @param definitions stores a domain's persistent definition durably
 */
record SnapshotContext(DomainRunner runner, SnapshotStore store, Jobs jobs, EventBus events,
                       Definitions definitions) {

    /** Stores persistent definitions (the daemon's journaled store). */
    interface Definitions {
        /** Makes {@code def} the domain's persistent definition, durably, before returning. */
        void persist(DomainObj obj, DomainDef def);
    }
}
