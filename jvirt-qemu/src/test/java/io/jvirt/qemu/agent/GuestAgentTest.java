package io.jvirt.qemu.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guest agent client against a scripted agent on a UNIX socket (QEMU's end of the channel). */
class GuestAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path socket;
    ServerSocketChannel server;
    final List<String> received = new CopyOnWriteArrayList<>();

    /** What the scripted agent answers to one command; null for no answer. */
    interface Script {
        String answer(JsonNode command);
    }

    @BeforeEach
    void open() throws IOException {
        socket = dir.resolve("org.qemu.guest_agent.0.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private void agent(Script script) {
        Thread.ofVirtual().start(() -> {
            try (SocketChannel c = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                         StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    received.add(line);
                    String answer = script.answer(JSON.readTree(line));
                    if (answer != null) {
                        c.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
                    }
                }
            } catch (IOException e) {
                // the client closed
            }
        });
    }

    private static String sync(JsonNode cmd, long stale) {
        // an answer left over from an earlier client first, then the real one
        return "{\"return\": " + stale + "}\n{\"return\": " + cmd.path("arguments").path("id").asLong() + "}";
    }

    @Test
    void syncsThenAsksForARebootAndWaitsForTheReset() throws Exception {
        agent(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-sync" -> sync(cmd, 7);
            default -> null; // guest-shutdown has no answer when it works
        });
        CompletableFuture<Void> reset = new CompletableFuture<>();
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            Thread.ofVirtual().start(() -> {
                while (received.size() < 2) {
                    Thread.onSpinWait();
                }
                reset.complete(null); // QEMU reported the guest's reset
            });
            agent.shutdown(GuestAgent.ShutdownMode.REBOOT, reset, Duration.ofSeconds(10));
        }
        assertThat(received).hasSize(2);
        assertThat(JSON.readTree(received.get(0)).path("execute").asText()).isEqualTo("guest-sync");
        assertThat(JSON.readTree(received.get(1)))
                .isEqualTo(JSON.readTree("{\"execute\":\"guest-shutdown\",\"arguments\":{\"mode\":\"reboot\"}}"));
    }

    @Test
    void anErrorAnswerAndNoResetAreFailures() {
        agent(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-sync" -> sync(cmd, 1);
            default -> "{\"error\": {\"class\": \"GenericError\", \"desc\": \"shutdown is disabled\"}}";
        });
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            assertThatThrownBy(() -> agent.shutdown(GuestAgent.ShutdownMode.POWERDOWN, new CompletableFuture<>(),
                    Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(GuestAgentException.class,
                            e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.COMMAND_FAILED))
                    .hasMessage("The guest agent refused guest-shutdown (powerdown): shutdown is disabled.");
        }
    }

    @Test
    void aGuestThatNeverGoesDownTimesOut() {
        agent(cmd -> cmd.path("execute").asText().equals("guest-sync") ? sync(cmd, 1) : null);
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            assertThatThrownBy(() -> agent.shutdown(GuestAgent.ShutdownMode.REBOOT, new CompletableFuture<>(),
                    Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(GuestAgentException.class,
                            e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.TIMEOUT));
        }
    }

    @Test
    void noAgentInTheGuestAndNoSocketAreTold() throws IOException {
        agent(cmd -> null); // QEMU accepts, but nothing in the guest answers
        assertThatThrownBy(() -> GuestAgent.connect(socket))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.NOT_RESPONDING))
                .hasMessageEndingWith("did not answer within 5 s; is qemu-ga running in the guest?");
        assertThatThrownBy(() -> GuestAgent.connect(dir.resolve("missing.sock")))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.UNREACHABLE));
    }

    @Test
    void aUsersCommandGoesAsWrittenAndBlockWaitsAsLongAsItTakes() throws Exception {
        agent(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-sync" -> sync(cmd, 3);
            case "guest-slow" -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "{\"return\": {\"done\": true}}";
            }
            default -> "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"no\"}}";
        });
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            assertThat(agent.passthrough("{\"execute\": \"guest-slow\", \"arguments\": {}}", null))
                    .isEqualTo("{\"return\":{\"done\":true}}");
            assertThatThrownBy(() -> agent.passthrough("{\"execute\": \"guest-x\"}", Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(GuestAgentException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.COMMAND_FAILED);
                        assertThat(e.unsupportedCommand()).isTrue();
                    })
                    .hasMessage("unable to execute QEMU agent command 'guest-x': no.");
            assertThatThrownBy(() -> agent.passthrough("[1]", null))
                    .isInstanceOfSatisfying(GuestAgentException.class,
                            e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.INVALID_COMMAND));
        }
        assertThat(JSON.readTree(received.get(1))).isEqualTo(JSON.readTree("{\"execute\":\"guest-slow\",\"arguments\":{}}"));
    }

    @Test
    void typedAnswersAreCheckedAndATimeoutNamesTheCommand() {
        agent(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-sync" -> sync(cmd, 3);
            case "guest-get-timezone" -> "{\"return\": {\"zone\": \"CET\"}}";
            case "guest-fsfreeze-status" -> "{\"return\": \"frozen\"}";
            default -> null;
        });
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            AgentQueries q = new AgentQueries(agent, Duration.ofMillis(300));
            assertThat(q.freezeStatus()).isEqualTo(GuestFacts.FreezeStatus.FROZEN);
            assertThatThrownBy(q::timezone).hasMessage("The guest agent's answer to guest-get-timezone is malformed: "
                    + "'offset' is missing.");
            assertThatThrownBy(q::hostName)
                    .isInstanceOfSatisfying(GuestAgentException.class,
                            e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.NOT_RESPONDING))
                    .hasMessageEndingWith("did not answer guest-get-host-name within 0.3 s.");
        }
    }
}
