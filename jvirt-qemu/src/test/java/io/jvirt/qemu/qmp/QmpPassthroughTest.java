package io.jvirt.qemu.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code qemu-monitor-command}'s pass-through: QEMU's whole answer, errors included, the id ours. */
class QmpPassthroughTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void returnsTheWholeAnswerAndErrorsAsTheyAre() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake()
                .expect("query-status").reply("{\"status\": \"running\", \"running\": true}")
                .expect("nonsense").error("CommandNotFound", "The command nonsense has not been found")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            String ok = client.passthrough("{\"execute\":\"query-status\",\"id\":\"mine\"}");
            assertThat(ok).startsWith("{\"return\":{\"status\":\"running\",\"running\":true}").contains("\"id\":");
            String bad = client.passthrough("{\"execute\":\"nonsense\"}");
            assertThat(bad).contains("\"class\":\"CommandNotFound\"");
            client.close();
            server.awaitDone();
            assertThat(server.received().get(1).path("id").isNumber()).isTrue();
        }
    }

    @Test
    void refusesWhatIsNotACommandObject() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake().expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            assertThatThrownBy(() -> client.passthrough("[1,2]")).isInstanceOfSatisfying(QmpException.class,
                    e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.PROTOCOL))
                    .hasMessageContaining("\"execute\"");
            assertThatThrownBy(() -> client.passthrough("{nope")).isInstanceOf(QmpException.class)
                    .hasMessageContaining("not valid JSON");
            client.close();
            server.awaitDone();
        }
    }
}
