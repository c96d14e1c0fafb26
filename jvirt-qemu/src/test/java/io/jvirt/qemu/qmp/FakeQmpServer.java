package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted QMP server on a UNIX socket: it accepts one connection and plays its steps in
 * order (send a greeting, expect a command, answer, emit an event, hang up...). A step that
 * sees something unexpected fails the script; {@link #awaitDone()} reports it.
 */
final class FakeQmpServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private interface Step {
        void run(Session s) throws Exception;
    }

    private static final class Session {
        final SocketChannel channel;
        final List<Long> ids = new ArrayList<>();
        private MappingIterator<JsonNode> in;

        Session(SocketChannel channel) {
            this.channel = channel;
        }

        /** Creates the parser on first use: Jackson reads a few bytes as soon as it is created. */
        MappingIterator<JsonNode> in() throws IOException {
            if (in == null) {
                in = MAPPER.readerFor(JsonNode.class)
                        .readValues(MAPPER.getFactory().createParser(new ChannelInputStream(channel)));
            }
            return in;
        }

        void send(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    private final Path socket;
    private final List<Step> steps = new ArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ServerSocketChannel server;

    FakeQmpServer(Path socket) {
        this.socket = socket;
    }

    /** Sends the greeting of QEMU 7.2.22. */
    FakeQmpServer greet() {
        return send("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
                + "\"package\": \"Debian 1:7.2+dfsg-7\"}, \"capabilities\": [\"oob\"]}}");
    }

    /** Greets, expects qmp_capabilities and accepts it. */
    FakeQmpServer handshake() {
        return greet().expect("qmp_capabilities").reply("{}");
    }

    /** Sends raw text followed by CRLF. */
    FakeQmpServer send(String text) {
        steps.add(s -> s.send(text));
        return this;
    }

    /** Reads the next command and checks its name. */
    FakeQmpServer expect(String command) {
        steps.add(s -> {
            if (!s.in().hasNextValue()) {
                throw new AssertionError("The client hung up; expected " + command + ".");
            }
            JsonNode msg = s.in().nextValue();
            received.add(msg);
            if (!command.equals(msg.path("execute").asText())) {
                throw new AssertionError("Expected " + command + " but got " + msg + ".");
            }
            s.ids.add(msg.path("id").asLong());
        });
        return this;
    }

    /** Answers the most recently expected command with {@code {"return": json}}. */
    FakeQmpServer reply(String json) {
        return replyTo(-1, json);
    }

    /** Answers the n-th expected command (0-based, or -1 for the last) with {@code {"return": json}}. */
    FakeQmpServer replyTo(int index, String json) {
        steps.add(s -> s.send("{\"return\": " + json + ", \"id\": " + id(s, index) + "}"));
        return this;
    }

    /** Answers the most recently expected command with an error. */
    FakeQmpServer error(String errorClass, String desc) {
        steps.add(s -> s.send("{\"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}, \"id\": "
                + id(s, -1) + "}"));
        return this;
    }

    /** Emits an event with the given data object. */
    FakeQmpServer event(String name, String data) {
        return send("{\"timestamp\": {\"seconds\": 1763820000, \"microseconds\": 123456}, \"event\": \"" + name
                + "\", \"data\": " + data + "}");
    }

    /** Waits before the next step. */
    FakeQmpServer pause(Duration d) {
        steps.add(s -> Thread.sleep(d.toMillis()));
        return this;
    }

    /** Waits until the client hangs up. */
    FakeQmpServer expectHangUp() {
        steps.add(s -> {
            if (s.in().hasNextValue()) {
                throw new AssertionError("Expected the client to hang up but got " + s.in().nextValue() + ".");
            }
        });
        return this;
    }

    /** Binds the socket now and plays the script for the first connection on a virtual thread. */
    FakeQmpServer start() throws IOException {
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("fake-qmp").start(this::play);
        return this;
    }

    /** Binds and plays after a delay, as QEMU does a few ms after it starts. */
    FakeQmpServer startAfter(Duration delay) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delay.toMillis());
                start();
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return this;
    }

    private void play() {
        try (SocketChannel channel = server.accept()) {
            Session s = new Session(channel);
            for (Step step : steps) {
                step.run(s);
            }
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }

    private static long id(Session s, int index) {
        return index < 0 ? s.ids.getLast() : s.ids.get(index);
    }

    /** Returns the commands the client sent, in order. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Waits until the script has been played; rethrows its failure. */
    void awaitDone() throws Exception {
        done.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(socket);
    }
}
