package io.jvirt.daemon.job;

import io.jvirt.api.DomainJobInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a job's handle writes durably and what it only shows: the recovery reads the first. */
class JobHandleTest {
    @TempDir
    Path state;

    private static final JobHolder HOLDER = new JobHolder() {
        @Override
        public void jobStarted(ActiveJob job) {
        }

        @Override
        public void jobEnded(ActiveJob job, DomainJobInfo summary) {
        }
    };

    @Test
    void aStepIsShownAndReachedButNotWrittenWhileACreatedFileIsWrittenWithItsFactInOneGo() throws Exception {
        JobStore store = new JobStore(state);
        List<String> reached = new ArrayList<>();
        Jobs jobs = new Jobs(store, (op, phase) -> reached.add(op + ":" + phase));
        jobs.register(JobRecovery.of("snapshot-create", (domain, r) -> { }));
        UUID uuid = UUID.randomUUID();
        Path mem = state.resolve("e1.mem");
        try (JobHandle job = jobs.begin(uuid, HOLDER, JobOperation.SNAPSHOT, "snapshot-create", "planned", Map.of())) {
            job.phase("overlays");
            job.step("switch");
            assertThat(job.active().info().phase()).as("queries see the step").isEqualTo("switch");
            assertThat(store.loadAll().get(uuid).phase()).as("the record keeps the last durable phase")
                    .isEqualTo("overlays");

            job.creating("memory", mem);
            JobRecord onDisk = store.loadAll().get(uuid);
            assertThat(onDisk.fact("memory")).isEqualTo(mem.toString());
            assertThat(onDisk.created()).containsExactly(mem.toString());
            job.succeeded();
        }
        assertThat(reached).endsWith("SNAPSHOT:overlays", "SNAPSHOT:switch");
        assertThat(store.loadAll()).as("an ended job leaves no record").isEmpty();
    }
}
