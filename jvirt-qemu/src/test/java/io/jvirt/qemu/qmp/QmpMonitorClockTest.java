package io.jvirt.qemu.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code rtc-reset-reinjection} on the wire, QEMU's refusal as a {@link QmpException}, and a real QEMU taking it. */
class QmpMonitorClockTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void resetsTheRtcReinjectionWithoutArguments() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake().expect("rtc-reset-reinjection").reply("{}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            new QmpMonitor(client).rtcResetReinjection();
            client.close();
            server.awaitDone();
            assertThat(server.received().get(1).has("arguments")).isFalse();
        }
    }

    @Test
    void aQemuWithoutTheCommandIsRefusedAsQmpException() throws Exception {
        Path sock = dir.resolve("qmp2.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock).handshake().expect("rtc-reset-reinjection")
                .error("CommandNotFound", "The command rtc-reset-reinjection has not been found").expectHangUp().start();
             QmpClient client = QmpClient.connect(sock, TIMEOUT)) {
            assertThatThrownBy(() -> new QmpMonitor(client).rtcResetReinjection()).isInstanceOf(QmpException.class)
                    .hasMessageContaining("rtc-reset-reinjection");
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void aRealX86QemuTakesTheCommand() throws Exception {
        Path sock = dir.resolve("real.sock");
        Process qemu = new ProcessBuilder("/usr/bin/qemu-system-x86_64", "-machine", "pc", "-S", "-nodefaults",
                "-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile())
                .redirectInput(new File("/dev/null")).start();
        try (QmpClient client = QmpClient.connect(sock, Duration.ofSeconds(30), qemu::isAlive, e -> { }, () -> { })) {
            QmpMonitor m = new QmpMonitor(client);
            m.rtcResetReinjection();
            m.quit();
            assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            qemu.destroyForcibly();
        }
    }
}
