package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A connection to one QEMU's QMP monitor over a UNIX socket.
 *
 * <p>{@link #connect} retries until QEMU has created and opened the socket (a few ms after
 * QEMU starts), gives up early when the supplied {@code processAlive} says QEMU died, reads
 * the greeting and negotiates capabilities. Afterwards {@link #execute} may be called from
 * any number of threads at once: every command carries its own {@code id}, and each caller
 * waits only for its own answer.
 *
 * <p>Threads: one virtual thread ({@code qmp-reader-…}) owns the socket's input and completes
 * the callers' replies; writers share the output under a lock, one whole command at a time.
 * Events and then the close callback run in order on a second virtual thread
 * ({@code qmp-events-…}), so a listener may block or call {@link #execute} without stalling
 * the reader.
 *
 * <p>End of connection: when QEMU closes the socket (it exited, or closed the monitor) or
 * reading fails, every waiting command fails with {@link QmpException.Kind#CLOSED} and the
 * {@code onClose} callback runs exactly once, after every event received before it. It does
 * not run when this client is closed by {@link #close()}, nor when {@link #connect} fails.
 */
public final class QmpClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());
    private static final long MAX_RETRY_DELAY_MS = 5;

    /** A caller waiting for an answer; {@code whole} callers get QEMU's entire message, errors included. */
    private record Pending(String command, CompletableFuture<JsonNode> reply, boolean whole) {
        Pending(String command, CompletableFuture<JsonNode> reply) {
            this(command, reply, false);
        }
    }

    private final Path socket;
    private final SocketChannel channel;
    private final EventDispatcher dispatcher;
    private final Consumer<QmpEvent> events;
    private final Runnable onClose;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final CompletableFuture<QmpGreeting> greeting = new CompletableFuture<>();
    private boolean dispatcherFinished;
    private volatile boolean ended;
    private volatile boolean closedLocally;
    private volatile boolean established;

    private QmpClient(Path socket, SocketChannel channel, Consumer<QmpEvent> events, Runnable onClose) {
        this.socket = socket;
        this.channel = channel;
        this.events = events;
        this.onClose = onClose;
        this.dispatcher = new EventDispatcher("qmp-events-" + shortName(socket));
    }

    /**
     * Connects to QEMU's QMP socket without event or close callbacks.
     *
     * @see #connect(Path, Duration, BooleanSupplier, Consumer, Runnable)
     */
    public static QmpClient connect(Path socket, Duration timeout) {
        return connect(socket, timeout, () -> true, event -> { }, () -> { });
    }

    /**
     * Connects to QEMU's QMP socket, reads the greeting and negotiates capabilities.
     *
     * @param socket the UNIX socket QEMU listens on ({@code -qmp unix:PATH,server=on,wait=off})
     * @param timeout how long to keep trying, in all, until capabilities are negotiated
     * @param processAlive asked before every attempt; when it answers false, connecting stops
     * @param events receives every asynchronous event, in order, on the event thread
     * @param onClose runs once on the event thread when QEMU ends the connection
     * @return a ready client
     * @throws QmpException of kind CONNECT_TIMEOUT, PROCESS_DIED, PROTOCOL, CLOSED, IO or INTERRUPTED
     */
    public static QmpClient connect(Path socket, Duration timeout, BooleanSupplier processAlive,
                                    Consumer<QmpEvent> events, Runnable onClose) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(onClose, "onClose");
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel channel = open(socket, timeout, deadline, processAlive);
        QmpClient client = new QmpClient(socket, channel, events, onClose);
        Thread.ofVirtual().name("qmp-reader-" + shortName(socket)).start(client::readLoop);
        try {
            client.awaitGreeting(timeout, deadline);
            client.execute("qmp_capabilities", null, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (QmpException e) {
            client.close();
            if (e.kind() == QmpException.Kind.CLOSED && !processAlive.getAsBoolean()) {
                throw new QmpException(QmpException.Kind.PROCESS_DIED,
                        "QEMU exited while the QMP connection on " + socket + " was being set up.", e);
            }
            throw e;
        }
        client.established = true;
        client.settle();
        return client;
    }

    /** Names threads after the socket's last two path elements, e.g. {@code vm1/qmp.sock}. */
    private static String shortName(Path socket) {
        int n = socket.getNameCount();
        return n >= 2 ? socket.subpath(n - 2, n).toString() : socket.toString();
    }

    private static SocketChannel open(Path socket, Duration timeout, long deadline, BooleanSupplier processAlive) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        long delayMs = 1;
        IOException last = null;
        while (true) {
            if (!processAlive.getAsBoolean()) {
                throw new QmpException(QmpException.Kind.PROCESS_DIED,
                        "QEMU exited before it accepted a connection on its QMP socket " + socket + ".", last);
            }
            try {
                return tryOpen(address);
            } catch (IOException e) {
                last = e;
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                throw new QmpException(QmpException.Kind.CONNECT_TIMEOUT,
                        "Could not connect to the QMP socket " + socket + " within " + timeout.toMillis()
                                + " ms; the last attempt failed with: " + last.getMessage() + ".", last);
            }
            try {
                Thread.sleep(Math.min(delayMs, remainingMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QmpException(QmpException.Kind.INTERRUPTED,
                        "The thread connecting to the QMP socket " + socket + " was interrupted.", e);
            }
            delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
        }
    }

    private static SocketChannel tryOpen(UnixDomainSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(address);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void awaitGreeting(Duration timeout, long deadline) {
        try {
            greeting.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpException(QmpException.Kind.PROTOCOL, "QEMU accepted the connection on " + socket
                    + " but sent no QMP greeting within " + timeout.toMillis()
                    + " ms; another client may hold the monitor.", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException(QmpException.Kind.INTERRUPTED,
                    "The thread waiting for QEMU's QMP greeting on " + socket + " was interrupted.", e);
        }
    }

    /** Returns what QEMU announced when the connection opened. */
    public QmpGreeting greeting() {
        return greeting.join();
    }

    /** Returns the socket this client is connected to. */
    public Path socket() {
        return socket;
    }

    /** True until QEMU ends the connection or {@link #close()} is called. */
    public boolean isOpen() {
        return !ended && !closedLocally;
    }

    /** Runs a command without arguments and waits for its answer. */
    public JsonNode execute(String command) {
        return execute(command, (ObjectNode) null, null);
    }

    /**
     * Runs a command and waits for its answer.
     *
     * @param arguments converted to JSON with Jackson; null for none
     */
    public JsonNode execute(String command, Map<String, ?> arguments) {
        return execute(command, arguments == null ? null : QmpMessages.MAPPER.valueToTree(arguments), null);
    }

    /** Runs a command with the given arguments (null for none) and waits for its answer. */
    public JsonNode execute(String command, ObjectNode arguments) {
        return execute(command, arguments, null);
    }

    /**
     * Runs a command and waits for its answer.
     *
     * @param command the QMP command, such as {@code query-status}
     * @param arguments the command's arguments, or null for none
     * @param timeout how long to wait for the answer, or null to wait until it comes or the connection ends
     * @return the {@code return} member of QEMU's answer (often an empty object)
     * @throws QmpException COMMAND_FAILED when QEMU rejects the command; CLOSED, TIMEOUT, IO or INTERRUPTED
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        long id = nextId.incrementAndGet();
        byte[] request = QmpMessages.command(command, arguments, id);
        Pending p = new Pending(command, new CompletableFuture<>());
        pending.put(id, p);
        if (!isOpen()) {
            pending.remove(id);
            throw closedBeforeAnswer(command);
        }
        send(command, id, request);
        try {
            return timeout == null ? p.reply().get() : p.reply().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new QmpException(QmpException.Kind.TIMEOUT, "QEMU did not answer the QMP command '" + command
                    + "' within " + timeout.toMillis() + " ms.", e);
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new QmpException(QmpException.Kind.INTERRUPTED,
                    "The thread waiting for QEMU to answer the QMP command '" + command + "' was interrupted.", e);
        }
    }

    private void send(String command, long id, byte[] request) {
        writeLock.lock();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(request);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (ClosedChannelException e) {
            pending.remove(id);
            throw closedBeforeAnswer(command);
        } catch (IOException e) {
            pending.remove(id);
            throw new QmpException(QmpException.Kind.IO, "Could not send the QMP command '" + command
                    + "' to QEMU over " + socket + ": " + e.getMessage() + ".", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the connection; waiting commands fail with CLOSED and {@code onClose} does not run. */
    @Override
    public void close() {
        closedLocally = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the QMP socket " + socket + " failed.", e);
        }
        settle();
    }

    /**
     * Sends a command a user wrote ({@code qemu-monitor-command}) and returns QEMU's whole answer
     * as QEMU wrote it, an {@code error} answer included: the caller shows it as it is. The
     * command's own {@code id}, if any, is replaced by this connection's.
     *
     * @param commandJson a JSON object with {@code execute} and optionally {@code arguments}
     * @return the answer, compact JSON
     * @throws QmpException PROTOCOL when {@code commandJson} is not a JSON object naming a command
     */
    public String passthrough(String commandJson) {
        ObjectNode command;
        try {
            JsonNode parsed = QmpMessages.MAPPER.readTree(commandJson);
            if (!(parsed instanceof ObjectNode o) || !o.path("execute").isTextual()) {
                throw new QmpException(QmpException.Kind.PROTOCOL, "The monitor command '" + commandJson
                        + "' is not a JSON object with an \"execute\" member naming a QMP command.");
            }
            command = o;
        } catch (JsonProcessingException e) {
            throw new QmpException(QmpException.Kind.PROTOCOL, "The monitor command '" + commandJson
                    + "' is not valid JSON: " + e.getOriginalMessage() + ".", e);
        }
        String name = command.path("execute").asText();
        long id = nextId.incrementAndGet();
        command.put("id", id);
        byte[] request;
        try {
            request = QmpMessages.MAPPER.writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new QmpException(QmpException.Kind.PROTOCOL, "The monitor command cannot be written.", e);
        }
        Pending p = new Pending(name, new CompletableFuture<>(), true);
        pending.put(id, p);
        if (!isOpen()) {
            pending.remove(id);
            throw closedBeforeAnswer(name);
        }
        send(name, id, request);
        try {
            return QmpMessages.MAPPER.writeValueAsString(p.reply().get());
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (JsonProcessingException e) {
            throw new QmpException(QmpException.Kind.PROTOCOL, "QEMU's answer cannot be written.", e);
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new QmpException(QmpException.Kind.INTERRUPTED,
                    "The thread waiting for QEMU to answer the QMP command '" + name + "' was interrupted.", e);
        }
    }

    private void readLoop() {
        Exception failure = null;
        try (MappingIterator<JsonNode> messages = QmpMessages.MAPPER.readerFor(JsonNode.class)
                .readValues(QmpMessages.MAPPER.getFactory().createParser(new ChannelInputStream(channel)))) {
            while (messages.hasNextValue()) {
                handle(messages.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        end(failure);
    }

    private void handle(JsonNode message) {
        switch (QmpMessages.typeOf(message)) {
            case GREETING -> greeting.complete(QmpMessages.greeting(message));
            case EVENT -> {
                QmpEvent event = QmpMessages.event(message);
                dispatcher.submit(() -> events.accept(event));
            }
            case REPLY -> reply(message);
            case UNKNOWN -> LOG.log(System.Logger.Level.WARNING,
                    "QEMU sent a QMP message of unknown shape on " + socket + "; ignoring it: " + message);
        }
    }

    private void reply(JsonNode message) {
        JsonNode id = message.get("id");
        Pending p = id == null || !id.canConvertToLong() ? null : pending.remove(id.asLong());
        if (p == null) {
            LOG.log(System.Logger.Level.WARNING,
                    "QEMU sent a QMP answer that no caller waits for on " + socket + "; ignoring it: " + message);
            return;
        }
        JsonNode error = message.get("error");
        if (p.whole()) {
            p.reply().complete(message);
            return;
        }
        if (error == null) {
            p.reply().complete(message.get("return"));
            return;
        }
        String errorClass = error.path("class").asText("GenericError");
        p.reply().completeExceptionally(new QmpException(QmpException.Kind.COMMAND_FAILED,
                "QEMU rejected the QMP command '" + p.command() + "' with " + errorClass + ": "
                        + QmpMessages.sentence(error.path("desc").asText("")),
                errorClass, null));
    }

    private void end(Exception failure) {
        ended = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the QMP socket " + socket + " failed.", e);
        }
        if (failure != null && !closedLocally) {
            LOG.log(System.Logger.Level.DEBUG, "Reading the QMP socket " + socket + " ended with an error.", failure);
        }
        boolean notQmp = failure instanceof JsonProcessingException && !closedLocally;
        greeting.completeExceptionally(notQmp ? notQmp(failure) : new QmpException(QmpException.Kind.CLOSED,
                closedLocally
                        ? "The QMP client for " + socket + " was closed before QEMU sent its greeting."
                        : "QEMU closed the QMP socket " + socket + " before sending its greeting.", failure));
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.reply().completeExceptionally(notQmp ? notQmp(failure) : closedBeforeAnswer(p.command()));
            }
        }
        settle();
    }

    /**
     * Once the connection has ended, queues {@code onClose} (only when QEMU ended an
     * established connection) and lets the event thread finish; runs its effect once.
     */
    private synchronized void settle() {
        if (!ended || dispatcherFinished) {
            return;
        }
        if (!closedLocally && !established) {
            return; // connect() is still deciding: it either closes or establishes
        }
        if (!closedLocally) {
            dispatcher.submit(onClose);
        }
        dispatcherFinished = true;
        dispatcher.finish();
    }

    private QmpException notQmp(Exception failure) {
        return new QmpException(QmpException.Kind.PROTOCOL, "The peer on " + socket
                + " sent something that is not QMP JSON, so the connection was dropped: "
                + ((JsonProcessingException) failure).getOriginalMessage() + ".", failure);
    }

    private QmpException closedBeforeAnswer(String command) {
        return new QmpException(QmpException.Kind.CLOSED, closedLocally
                ? "The QMP client for " + socket + " was closed before QEMU answered '" + command + "'."
                : "QEMU closed the QMP socket " + socket + " before answering '" + command + "'.");
    }

    private static QmpException rethrown(ExecutionException e) {
        if (e.getCause() instanceof QmpException q) {
            return new QmpException(q.kind(), q.getMessage(), q.errorClass().orElse(null), q);
        }
        return new QmpException(QmpException.Kind.IO, "The QMP reader failed unexpectedly: " + e.getCause() + ".",
                e.getCause());
    }
}
