package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.daemon.job.JobRecovery;
import io.jvirt.daemon.job.Jobs;
import io.jvirt.qemu.qmp.DumpProgress;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code dump --memory-only} as a job: QEMU writes the guest's memory in the background
 * ({@code dump-guest-memory} detached) while the job follows {@code query-dump}, so
 * {@code domjobinfo} shows the memory written. QEMU 7.2 cannot stop a dump, so
 * {@code domjobabort} is refused, as libvirt refuses it for memory-only dumps. A dump that fails,
 * or that a daemon crash interrupted, leaves no file.
 */
final class DumpJob {
    static final String KIND = "dump";
    private static final long POLL_MILLIS = 50;

    private final DomainRunner runner;
    private final Jobs jobs;

    DumpJob(DomainRunner runner, Jobs jobs) {
        this.runner = runner;
        this.jobs = jobs;
        jobs.register(JobRecovery.of(KIND, (domain, r) -> SnapshotRecovery.removeCreated(r)));
    }

    /** Dumps under the job lock; returns once the file is complete. */
    void dump(DomainObj obj, Path file, String format) {
        QemuMonitor m = runner.requireActive(obj).monitor();
        try (JobHandle job = jobs.begin(obj.uuid(), obj, JobOperation.DUMP, KIND, "planned", Map.of())) {
            job.active().refuseAbort("QEMU cannot stop a memory-only dump once it started");
            try {
                job.creating(file);
                job.phase("dump");
                m.dumpGuestMemoryDetached(file.toString(), format);
                while (true) {
                    DumpProgress p = m.queryDump();
                    job.active().memoryProgress(p.completed(), p.total());
                    if (p.failed()) {
                        throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not dump the memory of "
                                + "domain '" + obj.name() + "' into " + file + " (see its qemu.log).");
                    }
                    if (p.ended()) {
                        break;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                job.succeeded();
            } catch (QmpException e) {
                job.failed(e);
                removeQuietly(file);
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.failed(e);
                throw new DaemonException(ErrorCode.INTERNAL, "interrupted while domain '" + obj.name()
                        + "' was dumped.", e);
            } catch (RuntimeException e) {
                job.failed(e);
                removeQuietly(file);
                throw e;
            }
        }
    }

    private static void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do: the error says the dump failed
        }
    }
}
