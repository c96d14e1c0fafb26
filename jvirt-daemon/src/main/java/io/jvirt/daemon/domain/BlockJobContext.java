package io.jvirt.daemon.domain;

import io.jvirt.daemon.job.Jobs;

/**
 * What the block job parts share: the runner (QEMU and live definitions, image locks), the
 * durable job records, the events and the persistent definitions. Commands run with the
 * domain's job lock held; the watcher takes it to change definitions.
 */
record BlockJobContext(DomainRunner runner, Jobs jobs, EventBus events, SnapshotContext.Definitions definitions) {
}
