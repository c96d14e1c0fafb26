package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QmpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private Path sock() {
        return dir.resolve("qmp.sock");
    }

    @Test
    void negotiatesCapabilitiesAndReturnsTheAnswer() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("query-status").reply("{\"status\": \"running\", \"singlestep\": false, \"running\": true}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            JsonNode status = client.execute("query-status");

            assertThat(status.path("status").asText()).isEqualTo("running");
            assertThat(client.greeting().version()).isEqualTo("7.2.22");
            assertThat(client.greeting().packageName()).isEqualTo("Debian 1:7.2+dfsg-7");
            assertThat(client.greeting().capabilities()).containsExactly("oob");
            client.close();
            server.awaitDone();
            assertThat(server.received()).extracting(m -> m.path("execute").asText())
                    .containsExactly("qmp_capabilities", "query-status");
        }
    }

    @Test
    void sendsArgumentsFromAMap() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("human-monitor-command").reply("\"\"").expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            client.execute("human-monitor-command", Map.of("command-line", "info version"));
            client.close();
            server.awaitDone();
            assertThat(server.received().get(1).path("arguments").path("command-line").asText())
                    .isEqualTo("info version");
            assertThat(server.received().get(0).has("arguments")).isFalse();
        }
    }

    @Test
    void anErrorAnswerBecomesAQmpExceptionNamingCommandAndClass() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("device_del").error("DeviceNotFound", "Device 'nic9' not found")
                .expect("query-status").reply("{\"status\": \"paused\"}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            assertThatThrownBy(() -> client.execute("device_del", Map.of("id", "nic9")))
                    .isInstanceOfSatisfying(QmpException.class, e -> {
                        assertThat(e.kind()).isEqualTo(QmpException.Kind.COMMAND_FAILED);
                        assertThat(e.errorClass()).contains("DeviceNotFound");
                    })
                    .hasMessage("QEMU rejected the QMP command 'device_del' with DeviceNotFound: "
                            + "Device 'nic9' not found.");
            assertThat(client.execute("query-status").path("status").asText()).isEqualTo("paused");
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void deliversInterleavedEventsInOrderWithTheirTimestamps() throws Exception {
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("stop").event("STOP", "{}").reply("{}")
                .event("RESUME", "{\"x\": 1}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT, () -> true,
                     e -> { events.add(e); two.countDown(); }, () -> { })) {
            assertThat(client.execute("stop").isEmpty()).isTrue();
            assertThat(two.await(3, TimeUnit.SECONDS)).isTrue();

            assertThat(events).extracting(QmpEvent::name).containsExactly("STOP", "RESUME");
            assertThat(events.get(0).data().isEmpty()).isTrue();
            assertThat(events.get(1).data().path("x").asInt()).isEqualTo(1);
            assertThat(events.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1763820000, 123456000));
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void anEventListenerMayCallBackIntoTheClient() throws Exception {
        CompletableFuture<String> fromListener = new CompletableFuture<>();
        CountDownLatch connected = new CountDownLatch(1);
        QmpClient[] holder = new QmpClient[1];
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .event("STOP", "{}")
                .expect("query-status").reply("{\"status\": \"paused\"}")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT, () -> true, e -> {
                 try {
                     connected.await();
                     fromListener.complete(holder[0].execute("query-status").path("status").asText());
                 } catch (Exception ex) {
                     fromListener.completeExceptionally(ex);
                 }
             }, () -> { })) {
            holder[0] = client;
            connected.countDown();
            assertThat(fromListener.get(3, TimeUnit.SECONDS)).isEqualTo("paused");
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void abruptCloseFailsTheWaitingCommandAndFiresOnCloseOnceAfterTheEvents() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("quit").event("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}")
                .start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT, () -> true, e -> order.add(e.name()), () -> {
                 order.add("closed");
                 closes.incrementAndGet();
                 closed.countDown();
             })) {
            assertThatThrownBy(() -> client.execute("quit"))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.CLOSED))
                    .hasMessage("QEMU closed the QMP socket " + sock() + " before answering 'quit'.");
            assertThat(closed.await(3, TimeUnit.SECONDS)).isTrue();
            assertThat(client.isOpen()).isFalse();
            client.close();
            Thread.sleep(50);
            assertThat(order).containsExactly("SHUTDOWN", "closed");
            assertThat(closes).hasValue(1);
            assertThatThrownBy(() -> client.execute("query-status"))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.CLOSED));
            server.awaitDone();
        }
    }

    @Test
    void closingTheClientFailsWaitersButDoesNotFireOnClose() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("query-status").expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT, () -> true, e -> { },
                     closes::incrementAndGet)) {
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> client.execute("query-status"));
            while (server.received().size() < 2) {
                Thread.sleep(5);
            }
            client.close();
            assertThatThrownBy(() -> waiting.get(3, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QmpException.class)
                    .cause().hasMessage("The QMP client for " + sock() + " was closed before QEMU answered "
                            + "'query-status'.");
            server.awaitDone();
            Thread.sleep(50);
            assertThat(closes).hasValue(0);
        }
    }

    @Test
    void concurrentCommandsEachGetTheirOwnAnswerEvenOutOfOrder() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("query-a").expect("query-b")
                .replyTo(2, "\"b\"").replyTo(1, "\"a\"")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> client.execute("query-a").asText());
            while (server.received().size() < 2) {
                Thread.sleep(5);
            }
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> client.execute("query-b").asText());

            assertThat(a.get(3, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(b.get(3, TimeUnit.SECONDS)).isEqualTo("b");
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void waitsForTheSocketToAppear() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake().expectHangUp()
                .startAfter(Duration.ofMillis(150));
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            assertThat(client.isOpen()).isTrue();
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void stopsTryingAsSoonAsTheProcessIsDead() {
        AtomicInteger asked = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> QmpClient.connect(sock(), Duration.ofSeconds(10),
                () -> asked.incrementAndGet() < 3, e -> { }, () -> { }))
                .isInstanceOfSatisfying(QmpException.class,
                        e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.PROCESS_DIED))
                .hasMessage("QEMU exited before it accepted a connection on its QMP socket " + sock() + ".");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void givesUpWhenTheSocketNeverAppears() {
        assertThatThrownBy(() -> QmpClient.connect(sock(), Duration.ofMillis(100)))
                .isInstanceOfSatisfying(QmpException.class,
                        e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.CONNECT_TIMEOUT))
                .hasMessageStartingWith("Could not connect to the QMP socket " + sock() + " within 100 ms;");
    }

    @Test
    void aServerThatNeverGreetsIsAProtocolError() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).expectHangUp().start()) {
            assertThatThrownBy(() -> QmpClient.connect(sock(), Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.PROTOCOL))
                    .hasMessageContaining("sent no QMP greeting within 200 ms");
            server.awaitDone();
        }
    }

    @Test
    void aServerThatHangsUpDuringTheHandshakeFailsConnectWithoutFiringOnClose() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        try (FakeQmpServer server = new FakeQmpServer(sock()).greet().expect("qmp_capabilities").start()) {
            assertThatThrownBy(() -> QmpClient.connect(sock(), TIMEOUT, () -> true, e -> { },
                    closes::incrementAndGet))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.CLOSED))
                    .hasMessage("QEMU closed the QMP socket " + sock() + " before answering 'qmp_capabilities'.");
            server.awaitDone();
            Thread.sleep(50);
            assertThat(closes).hasValue(0);
        }
    }

    @Test
    void aCommandTimeoutLeavesTheConnectionUsable() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock()).handshake()
                .expect("slow").pause(Duration.ofMillis(200)).reply("\"late\"")
                .expect("fast").reply("\"ok\"")
                .expectHangUp().start();
             QmpClient client = QmpClient.connect(sock(), TIMEOUT)) {
            assertThatThrownBy(() -> client.execute("slow", null, Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.TIMEOUT))
                    .hasMessage("QEMU did not answer the QMP command 'slow' within 50 ms.");
            assertThat(client.execute("fast").asText()).isEqualTo("ok");
            client.close();
            server.awaitDone();
        }
    }

    @Test
    void aHumanMonitorInsteadOfQmpIsAProtocolError() throws Exception {
        try (FakeQmpServer server = new FakeQmpServer(sock())
                .send("QEMU 7.2.22 monitor - type 'help' for more information").start()) {
            assertThatThrownBy(() -> QmpClient.connect(sock(), TIMEOUT))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.kind()).isEqualTo(QmpException.Kind.PROTOCOL))
                    .hasMessageStartingWith("The peer on " + sock() + " sent something that is not QMP JSON");
            server.awaitDone();
        }
    }
}
