package io.jvirt.qemu.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Talks to a real QEMU (no guest, {@code -machine none}); skipped when QEMU is not installed. */
class QmpClientQemuTest {
    private static final String QEMU = "/usr/bin/qemu-system-x86_64";

    @TempDir
    Path dir;

    @Test
    void queriesStopsResumesAnswersConcurrentCallersAndQuitsARealQemu() throws Exception {
        assumeThat(Files.isExecutable(Path.of(QEMU))).as("qemu-system-x86_64 is installed").isTrue();
        Path sock = dir.resolve("qmp.sock");
        Process qemu = new ProcessBuilder(QEMU, "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + sock + ",server=on,wait=off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile())
                .redirectInput(new File("/dev/null")).start();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (QmpClient qmp = QmpClient.connect(sock, Duration.ofSeconds(10), qemu::isAlive,
                e -> events.add(e.name()), closed::countDown)) {
            assertThat(qmp.greeting().major()).isGreaterThanOrEqualTo(7);
            assertThat(qmp.execute("query-version").path("qemu").path("major").asInt())
                    .isEqualTo(qmp.greeting().major());
            assertThat(qmp.execute("query-status").path("status").asText()).isEqualTo("running");

            qmp.execute("stop");
            assertThat(qmp.execute("query-status").path("status").asText()).isEqualTo("paused");
            qmp.execute("cont");
            assertThat(qmp.execute("query-status").path("running").asBoolean()).isTrue();

            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String command = i % 2 == 0 ? "query-status" : "query-name";
                    answers.add(pool.submit(() -> command + ":" + qmp.execute(command).has(
                            command.equals("query-status") ? "status" : "name")));
                }
                for (int i = 0; i < answers.size(); i++) {
                    String expected = (i % 2 == 0 ? "query-status" : "query-name") + ":" + (i % 2 == 0);
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(expected);
                }
            }

            qmp.execute("quit");
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the close callback fired").isTrue();
            assertThat(qmp.isOpen()).isFalse();
            assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsSubsequence("STOP", "RESUME", "SHUTDOWN");
        } finally {
            qemu.destroyForcibly();
        }
    }
}
