package io.jvirt.client;

import io.jvirt.api.ConsoleStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * A console session the daemon opened for this client ({@link JvirtClient#openConsole}), on a
 * connection of its own. {@link #send} carries keystrokes to the guest, {@link #read} brings
 * the guest's output until the session ends, and {@link #end} then says why (detached, taken
 * over by another client, or the domain stopped).
 *
 * <p>Threads: one thread may send while another reads.
 */
public final class ConsoleConnection implements AutoCloseable {
    private final UnixHttpConnection http;
    private final OutputStream keys;
    private final ConsoleStream.Reader output;
    private final String domain;

    private ConsoleConnection(UnixHttpConnection http, UnixHttpConnection.Duplex exchange, String domain) {
        this.http = http;
        this.keys = exchange.request();
        this.output = new ConsoleStream.Reader(exchange.answer());
        this.domain = domain;
    }

    /**
     * Opens a session on a connection of its own.
     *
     * @param target  the API path of the domain's console, with {@code ?force=true} to take it over
     * @param ref     how the caller named the domain (used when the daemon does not say)
     * @param refusal turns the daemon's refusal into the exception to throw
     */
    static ConsoleConnection open(Path socket, String target, String ref,
                                  Function<HttpResponse, RuntimeException> refusal) throws IOException {
        UnixHttpConnection c = new UnixHttpConnection(socket);
        try {
            UnixHttpConnection.Duplex d = c.duplex("POST", target, "application/octet-stream", ConsoleStream.CONTENT_TYPE);
            if (d.refusal() != null) {
                throw refusal.apply(d.refusal());
            }
            String domain = d.headers().getOrDefault(ConsoleStream.DOMAIN_HEADER.toLowerCase(Locale.ROOT), ref);
            return new ConsoleConnection(c, d, domain);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The name of the domain, as the daemon knows it. */
    public String domain() {
        return domain;
    }

    /** Sends keystrokes to the guest at once. */
    public void send(byte[] buf, int off, int len) throws IOException {
        synchronized (keys) {
            keys.write(buf, off, len);
            keys.flush();
        }
    }

    /**
     * Reads the guest's output, waiting for some.
     *
     * @return the number of bytes, or -1 once the session has ended ({@link #end()})
     * @throws IOException when the connection to the daemon is lost
     */
    public int read(byte[] buf, int off, int len) throws IOException {
        return output.read(buf, off, len);
    }

    /** Why the session ended, once {@link #read} has returned -1; else null. */
    public ConsoleStream.End end() {
        return output.end();
    }

    /** Detaches: ends the keystrokes; the daemon then ends the session, and {@link #read} returns -1. */
    public void detach() throws IOException {
        synchronized (keys) {
            keys.close();
        }
    }

    /**
     * Detaches (so the daemon forwards every keystroke sent before) and closes the connection
     * without waiting for the session's end.
     */
    @Override
    public void close() {
        try {
            detach();
        } catch (IOException ended) {
            // the session had already ended
        }
        try {
            http.close();
        } catch (IOException ignored) {
            // the session is over either way
        }
    }
}
