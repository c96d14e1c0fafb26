package io.jvirt.qemu.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the QEMU guest agent ({@code qemu-ga}) on the host end of its virtio-serial
 * channel ({@code org.qemu.guest_agent.0}), one command per connection as libvirt's agent
 * monitor does it: {@code guest-sync} with a fresh id first (the channel may hold answers to
 * an earlier client's commands, which are skipped), then the command.
 *
 * <p>{@code guest-shutdown} and {@code guest-suspend-*} have no answer when they work (the
 * guest goes down or to sleep); like libvirt, the caller supplies the sign that it worked, the
 * domain's next {@code RESET} (reboot), {@code SHUTDOWN} (power-off) or {@code SUSPEND} event,
 * and only an error answer or the absence of that sign within the timeout fails the call.
 *
 * <p>Threads: a virtual reader thread parses what the agent sends into a queue; the calling
 * thread waits on that queue.
 */
public final class GuestAgent implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long the agent may take to answer {@code guest-sync}. */
    public static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);

    /** What {@code guest-shutdown} asks the guest to do. */
    public enum ShutdownMode {
        POWERDOWN("powerdown"),
        REBOOT("reboot");

        private final String word;

        ShutdownMode(String word) {
            this.word = word;
        }
    }

    private final Path socket;
    private final SocketChannel channel;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();

    private GuestAgent(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        Thread.ofVirtual().name("guest-agent-reader").start(this::readLoop);
    }

    /**
     * Connects to the agent channel's socket and synchronizes with the agent.
     *
     * @throws GuestAgentException UNREACHABLE or NOT_RESPONDING
     */
    public static GuestAgent connect(Path socket) {
        return connect(socket, SYNC_TIMEOUT);
    }

    /**
     * Connects and synchronizes, waiting at most {@code syncTimeout} for {@code guest-sync}'s
     * answer (libvirt shortens it to a shorter guest agent timeout).
     *
     * @throws GuestAgentException UNREACHABLE or NOT_RESPONDING
     */
    public static GuestAgent connect(Path socket, Duration syncTimeout) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new GuestAgentException(GuestAgentException.Kind.UNREACHABLE,
                    "Cannot open a socket for the guest agent: " + e.getMessage() + ".", e);
        }
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(ch);
            throw new GuestAgentException(GuestAgentException.Kind.UNREACHABLE,
                    "Cannot connect to the guest agent channel " + socket + ": " + e.getMessage() + ".", e);
        }
        GuestAgent agent = new GuestAgent(socket, ch);
        try {
            agent.sync(syncTimeout);
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    private void readLoop() {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class)
                .readValues(MAPPER.getFactory().createParser(new SocketInput(channel)))) {
            while (it.hasNextValue()) {
                replies.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            // the channel closed or sent something that is not JSON: the waits time out
        }
    }

    private void sync(Duration timeout) {
        if (!timeout.isPositive()) {
            // no wait at all (libvirt's agent timeout 0): the answer could only win a race, so
            // the channel is not even asked
            throw new GuestAgentException(GuestAgentException.Kind.NOT_RESPONDING, "The guest agent on "
                    + socket + " did not answer within 0 s; is qemu-ga running in the guest?", null);
        }
        long id = System.nanoTime() & 0x7fff_ffff_ffffL;
        ObjectNode cmd = MAPPER.createObjectNode().put("execute", "guest-sync");
        cmd.putObject("arguments").put("id", id);
        send(cmd);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = next(deadline);
            if (reply == null) {
                throw new GuestAgentException(GuestAgentException.Kind.NOT_RESPONDING, "The guest agent on "
                        + socket + " did not answer within " + seconds(timeout)
                        + " s; is qemu-ga running in the guest?", null);
            }
            if (reply.path("return").isIntegralNumber() && reply.path("return").asLong() == id) {
                return;
            }
            // an answer meant for an earlier client of the channel
        }
    }

    /**
     * Asks the guest to power off or reboot, and waits until {@code happened} completes (the
     * caller completes it when QEMU reports the domain's reset or power-off).
     *
     * @throws GuestAgentException COMMAND_FAILED when the agent refuses, TIMEOUT when nothing
     *         happened within {@code timeout}
     */
    public void shutdown(ShutdownMode mode, CompletableFuture<?> happened, Duration timeout) {
        ObjectNode cmd = MAPPER.createObjectNode().put("execute", "guest-shutdown");
        cmd.putObject("arguments").put("mode", mode.word);
        sendAwaiting(cmd, "guest-shutdown (" + mode.word + ")", "go down", happened, timeout);
    }

    /** Where {@code guest-suspend-*} puts the guest. */
    public enum SuspendTarget {
        /** Suspend to RAM (S3). */
        RAM("guest-suspend-ram"),
        /** Suspend to disk (S4): the guest saves itself and powers off. */
        DISK("guest-suspend-disk"),
        /** Both: to disk, and to RAM until power is lost. */
        HYBRID("guest-suspend-hybrid");

        private final String command;

        SuspendTarget(String command) {
            this.command = command;
        }
    }

    /**
     * Asks the guest to suspend itself, and waits until {@code happened} completes (the caller
     * completes it when QEMU reports the guest's SUSPEND or SUSPEND_DISK); like
     * {@code guest-shutdown}, the command has no answer when it works.
     *
     * @throws GuestAgentException COMMAND_FAILED when the agent refuses (a guest without the
     *         suspend mode, for one), TIMEOUT when the guest did not suspend within {@code timeout}
     */
    public void suspend(SuspendTarget target, CompletableFuture<?> happened, Duration timeout) {
        sendAwaiting(MAPPER.createObjectNode().put("execute", target.command), target.command, "suspend", happened,
                timeout);
    }

    /** Sends a command that has no answer when it works and waits for its sign, or its error. */
    private void sendAwaiting(ObjectNode cmd, String what, String effect, CompletableFuture<?> happened,
                              Duration timeout) {
        send(cmd);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!happened.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new GuestAgentException(GuestAgentException.Kind.TIMEOUT, "The guest agent on " + socket
                        + " accepted " + what + " but the guest did not " + effect + " within "
                        + timeout.toSeconds() + " s.", null);
            }
            JsonNode reply;
            try {
                reply = replies.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(e);
            }
            if (reply != null && reply.has("error")) {
                JsonNode err = reply.path("error");
                throw new GuestAgentException(GuestAgentException.Kind.COMMAND_FAILED, "The guest agent refused "
                        + what + ": " + err.path("desc").asText(err.toString()) + ".", null);
            }
        }
    }

    /**
     * One vCPU as the guest sees it ({@code guest-get-vcpus}).
     *
     * @param logicalId the guest's number for it
     * @param online whether it is online
     * @param canOffline whether the guest lets it go offline
     */
    public record GuestVcpu(int logicalId, boolean online, boolean canOffline) { }

    /**
     * The guest's vCPUs and whether each is online ({@code guest-get-vcpus}).
     *
     * @throws GuestAgentException COMMAND_FAILED when the agent refuses, NOT_RESPONDING when it does not answer
     */
    public List<GuestVcpu> vcpus() {
        List<GuestVcpu> out = new ArrayList<>();
        for (JsonNode v : call("guest-get-vcpus", null)) {
            out.add(new GuestVcpu(v.path("logical-id").asInt(), v.path("online").asBoolean(),
                    v.path("can-offline").asBoolean(false)));
        }
        return out;
    }

    /**
     * Brings guest vCPUs online or offline ({@code guest-set-vcpus}).
     *
     * @param changes the vCPUs and their wanted state
     * @return how many the guest changed (it stops at the first it cannot)
     */
    public int setVcpus(List<GuestVcpu> changes) {
        ObjectNode args = MAPPER.createObjectNode();
        ArrayNode list = args.putArray("vcpus");
        for (GuestVcpu v : changes) {
            list.addObject().put("logical-id", v.logicalId()).put("online", v.online());
        }
        return call("guest-set-vcpus", args).asInt();
    }

    /** Sends a command and waits {@link #SYNC_TIMEOUT} for its answer's {@code return}. */
    private JsonNode call(String command, ObjectNode arguments) {
        return call(command, arguments, SYNC_TIMEOUT);
    }

    /**
     * Sends a command and waits for its answer's {@code return}; {@code timeout} null waits as
     * long as the agent takes.
     *
     * @throws GuestAgentException COMMAND_FAILED (with the agent's error class) when the agent
     *         refuses, NOT_RESPONDING when it does not answer in time
     */
    JsonNode call(String command, ObjectNode arguments, Duration timeout) {
        ObjectNode cmd = MAPPER.createObjectNode().put("execute", command);
        if (arguments != null) {
            cmd.set("arguments", arguments);
        }
        send(cmd);
        JsonNode reply = answer(command, timeout);
        if (reply.has("error")) {
            throw refused(command, reply.path("error"));
        }
        return reply.path("return");
    }

    /** A fresh JSON object for a command's arguments. */
    static ObjectNode arguments() {
        return MAPPER.createObjectNode();
    }

    /**
     * Sends a user's command as written ({@code qemu-agent-command}) and returns the agent's
     * whole answer as compact JSON, or null without waiting when {@code timeout} is zero; a
     * null {@code timeout} waits as long as the agent takes.
     *
     * @throws GuestAgentException INVALID_COMMAND when {@code json} is no JSON object with
     *         {@code execute}, COMMAND_FAILED when the agent answers with an error,
     *         NOT_RESPONDING when it does not answer in time
     */
    public String passthrough(String json, Duration timeout) {
        JsonNode cmd;
        try {
            cmd = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GuestAgentException(GuestAgentException.Kind.INVALID_COMMAND, "The guest agent command is not "
                    + "valid JSON (" + e.getOriginalMessage() + "); write it as {\"execute\": \"guest-info\"}.", e);
        }
        if (cmd == null || !cmd.isObject() || !cmd.path("execute").isTextual()) {
            throw new GuestAgentException(GuestAgentException.Kind.INVALID_COMMAND, "The guest agent command must be "
                    + "a JSON object with a string member 'execute', such as {\"execute\": \"guest-info\"}.", null);
        }
        String name = cmd.path("execute").asText();
        send((ObjectNode) cmd);
        if (timeout != null && timeout.isZero()) {
            return null;
        }
        JsonNode reply = answer(name, timeout);
        if (reply.has("error")) {
            throw refused(name, reply.path("error"));
        }
        return reply.toString();
    }

    /** The next answer with a {@code return} or an {@code error}; NOT_RESPONDING when none comes in time. */
    private JsonNode answer(String command, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = timeout == null ? take() : next(deadline);
            if (reply == null) {
                throw new GuestAgentException(GuestAgentException.Kind.NOT_RESPONDING, "The guest agent on " + socket
                        + " did not answer " + command + " within " + seconds(timeout) + " s.", null);
            }
            if (reply.has("return") || reply.has("error")) {
                return reply;
            }
        }
    }

    /** A wait in seconds as a sentence shows it: 5, or 0.3 below a second. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    private JsonNode take() {
        try {
            return replies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    private static GuestAgentException refused(String command, JsonNode err) {
        String desc = err.path("desc").asText(err.toString());
        return GuestAgentException.failed(err.path("class").asText(""),
                "unable to execute QEMU agent command '" + command + "': " + desc + (desc.endsWith(".") ? "" : "."));
    }

    /**
     * Freezes the guest's file systems ({@code guest-fsfreeze-freeze}): writes wait until
     * {@link #thawFileSystems}. The agent thaws them itself after a while if nobody does.
     *
     * @return how many file systems were frozen
     * @throws GuestAgentException COMMAND_FAILED when the agent refuses, TIMEOUT when it does not answer
     */
    public int freezeFileSystems(Duration timeout) {
        return command("guest-fsfreeze-freeze", timeout).asInt();
    }

    /**
     * Thaws the guest's file systems ({@code guest-fsfreeze-thaw}).
     *
     * @return how many file systems were thawed
     */
    public int thawFileSystems(Duration timeout) {
        return command("guest-fsfreeze-thaw", timeout).asInt();
    }

    private JsonNode command(String execute, Duration timeout) {
        send(MAPPER.createObjectNode().put("execute", execute));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = next(deadline);
            if (reply == null) {
                throw new GuestAgentException(GuestAgentException.Kind.TIMEOUT, "The guest agent on " + socket
                        + " did not answer " + execute + " within " + timeout.toSeconds() + " s.", null);
            }
            if (reply.has("error")) {
                JsonNode err = reply.path("error");
                throw new GuestAgentException(GuestAgentException.Kind.COMMAND_FAILED, "The guest agent refused "
                        + execute + ": " + err.path("desc").asText(err.toString()) + ".", null);
            }
            if (reply.has("return")) {
                return reply.get("return");
            }
        }
    }

    private JsonNode next(long deadline) {
        try {
            return replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    private GuestAgentException interrupted(InterruptedException e) {
        return new GuestAgentException(GuestAgentException.Kind.INTERRUPTED,
                "The thread talking to the guest agent on " + socket + " was interrupted.", e);
    }

    private void send(ObjectNode cmd) {
        ByteBuffer b = ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new GuestAgentException(GuestAgentException.Kind.UNREACHABLE,
                    "Cannot write to the guest agent channel " + socket + ": " + e.getMessage() + ".", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written that closing could lose
        }
    }

    /** Reads the channel without its blocking lock, so that commands can be written meanwhile. */
    private static final class SocketInput extends InputStream {
        private final SocketChannel channel;

        SocketInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(buf, off, len));
        }
    }
}
