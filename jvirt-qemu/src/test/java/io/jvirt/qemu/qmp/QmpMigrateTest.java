package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An outgoing migration as the typed monitor asks QEMU for it, checked on the wire, and QEMU's statuses read. */
class QmpMigrateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aSaveSetsTheBandwidthStartsTheStreamAndCanCancelIt() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake()
                .expect("migrate-set-parameters").reply("{}")
                .expect("migrate").reply("{}")
                .expect("query-migrate").reply("{\"status\": \"cancelling\"}")
                .expect("migrate_cancel").reply("{}")
                .expect("query-migrate").reply("{\"status\": \"failed\", \"error-desc\": \"Unable to write to socket\"}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            QmpMonitor m = new QmpMonitor(client);
            m.setMigrationBandwidth(1L << 40);
            m.migrate("unix:/run/x/outgoing.sock");
            MigrationStatus cancelling = m.queryMigrate();
            m.migrateCancel();
            MigrationStatus failed = m.queryMigrate();
            client.close();
            server.awaitDone();
            List<JsonNode> got = server.received();
            assertThat(got.get(1).path("arguments").path("max-bandwidth").asLong()).isEqualTo(1L << 40);
            assertThat(got.get(2).path("arguments").path("uri").asText()).isEqualTo("unix:/run/x/outgoing.sock");
            assertThat(cancelling.phase()).as("a cancel under way has not ended yet").isEqualTo(MigrationStatus.Phase.ACTIVE);
            assertThat(cancelling.ended()).isFalse();
            assertThat(failed.phase()).isEqualTo(MigrationStatus.Phase.FAILED);
            assertThat(failed.error()).isEqualTo("Unable to write to socket");
        }
    }

    @Test
    void qemusStatusWordsMapToPhases() {
        assertThat(MigrationStatus.of("none", null).phase()).isEqualTo(MigrationStatus.Phase.NONE);
        assertThat(MigrationStatus.of("setup", null).phase()).isEqualTo(MigrationStatus.Phase.ACTIVE);
        assertThat(MigrationStatus.of("device", null).phase()).isEqualTo(MigrationStatus.Phase.ACTIVE);
        assertThat(MigrationStatus.of("completed", null).ended()).isTrue();
        assertThat(MigrationStatus.of("cancelled", null).phase()).isEqualTo(MigrationStatus.Phase.FAILED);
    }
}
