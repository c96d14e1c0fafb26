package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code blockdev-mirror} the typed monitor writes for a {@link BlockJobStart.Mirror}, checked on the wire. */
class QmpBlockJobsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private JsonNode sent(BlockJobStart job) throws Exception {
        Path sock = dir.resolve("qmp-" + job.jobId() + ".sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake().expect("blockdev-mirror").reply("{}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            new QmpMonitor(client).blockJobStart(job);
            client.close();
            server.awaitDone();
            return server.received().get(1).path("arguments");
        }
    }

    @Test
    void aWriteBlockingMirrorAsksQemuForThatCopyMode() throws Exception {
        JsonNode a = sent(new BlockJobStart.Mirror("m1", "src", "dst", BlockJobStart.MirrorSync.FULL, 0, 0, 0,
                BlockJobStart.MirrorCopyMode.WRITE_BLOCKING));
        assertThat(a.path("copy-mode").asText()).isEqualTo("write-blocking");
        assertThat(a.path("job-id").asText()).isEqualTo("m1");
        assertThat(a.path("device").asText()).isEqualTo("src");
        assertThat(a.path("target").asText()).isEqualTo("dst");
        assertThat(a.path("sync").asText()).isEqualTo("full");
        assertThat(a.path("auto-finalize").asBoolean(true)).isFalse();
    }

    @Test
    void aBackgroundMirrorLeavesTheCopyModeToQemusDefault() throws Exception {
        JsonNode a = sent(new BlockJobStart.Mirror("m2", "src", "dst", BlockJobStart.MirrorSync.TOP, 1024, 65536, 0));
        assertThat(a.has("copy-mode")).isFalse();
        assertThat(a.path("sync").asText()).isEqualTo("top");
        assertThat(a.path("granularity").asLong()).isEqualTo(65536);
        assertThat(a.path("speed").asLong()).isEqualTo(1024);
        assertThat(a.has("buf-size")).isFalse();
    }

    @Test
    void aBlockJobCancelNamesTheJobAndSaysWhetherToForce() throws Exception {
        Path sock = dir.resolve("qmp-cancel.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake().expect("block-job-cancel").reply("{}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            new QmpMonitor(client).blockJobCancel("copy-vda", false);
            client.close();
            server.awaitDone();
            JsonNode a = server.received().get(1).path("arguments");
            assertThat(a.path("device").asText()).isEqualTo("copy-vda");
            assertThat(a.path("force").isBoolean()).isTrue();
            assertThat(a.path("force").asBoolean(true)).isFalse();
        }
    }
}
