package io.jvirt.daemon.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted QEMU guest agent on a UNIX socket (QEMU's end of the channel), one client at a
 * time as QEMU serves it: answers {@code guest-sync} itself and every other command with what
 * the script says (null: no answer, as a hung agent).
 */
public final class FakeAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path socket;
    /** The commands received (not guest-sync), in order. */
    public final List<String> commands = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private volatile Function<JsonNode, String> script;
    private volatile boolean syncs = true;

    public FakeAgent(Path socket, Function<JsonNode, String> script) throws IOException {
        this.socket = socket;
        this.script = script;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::serve);
    }

    /** Stops answering guest-sync (an agent that is not running in the guest). */
    FakeAgent silent() {
        syncs = false;
        return this;
    }

    /** The executed command names. */
    List<String> executed() {
        return commands.stream().map(c -> {
            try {
                return JSON.readTree(c).path("execute").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                         StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode cmd = JSON.readTree(line);
                    String answer;
                    if (cmd.path("execute").asText().equals("guest-sync")) {
                        answer = syncs ? "{\"return\": " + cmd.path("arguments").path("id").asLong() + "}" : null;
                    } else {
                        commands.add(line);
                        answer = script.apply(cmd);
                    }
                    if (answer != null) {
                        c.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
                    }
                }
            } catch (IOException e) {
                // the client went away or the server closed: take the next client
            }
        }
    }

    public static String ok(String json) {
        return "{\"return\": " + json + "}";
    }

    public static String error(String cls, String desc) {
        return "{\"error\": {\"class\": \"" + cls + "\", \"desc\": \"" + desc + "\"}}";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
