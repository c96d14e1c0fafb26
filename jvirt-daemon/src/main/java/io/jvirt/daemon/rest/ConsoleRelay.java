package io.jvirt.daemon.rest;

import io.jvirt.api.ConsoleStream;
import io.jvirt.api.ConsoleStream.End;
import io.jvirt.api.ConsoleStream.EndReason;
import io.jvirt.daemon.domain.ConsoleSession;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Relays an open {@link ConsoleSession} over one HTTP exchange in both directions at once
 * ({@code POST /v1/domains/{ref}/console}): the request body, read on a second virtual
 * thread, carries keystrokes to the guest, and its end detaches; the answer carries the
 * guest's output as {@link ConsoleStream} frames and ends with the frame saying why the
 * session ended. Only bytes move here: the session and its rules are the daemon's.
 *
 * <p>Threads: the request thread reads the guest and writes output frames; a virtual thread
 * reads the request body; another writes a keep-alive frame after 15 s without output (the
 * connector's idle timeout would otherwise close a quiet session). Writes to the answer are
 * serialized by one lock.
 */
final class ConsoleRelay {
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final ConsoleSession session;
    private final Response response;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile long lastWrite = System.nanoTime();

    private ConsoleRelay(ConsoleSession session, Response response) {
        this.session = session;
        this.response = response;
    }

    /** Serves the session until it ends; completes {@code callback}. */
    static void serve(ConsoleSession session, Request request, Response response, Callback callback) {
        new ConsoleRelay(session, response).run(request, callback);
    }

    private void run(Request request, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ConsoleStream.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(ConsoleStream.DOMAIN_HEADER, session.domain());
        try {
            write(ByteBuffer.allocate(0), false); // the answer's head: the client may print "Connected" now
        } catch (Exception e) {
            session.end(EndReason.DETACHED);
            session.endDelivered();
            callback.failed(e);
            return;
        }
        Thread keys = Thread.ofVirtual().name("console-in-" + session.domain()).start(() -> keys(request));
        Thread keepAlive = Thread.ofVirtual().name("console-ping-" + session.domain()).start(this::keepAlive);
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n = session.read(buf); n >= 0; n = session.read(buf)) {
                if (n > 0) {
                    write(ConsoleStream.output(buf, 0, n), false);
                }
            }
        } catch (Exception clientGone) {
            session.end(EndReason.DETACHED);
        }
        End end = session.end(EndReason.DOMAIN_STOPPED); // the end that came first
        keepAlive.interrupt();
        try {
            write(ConsoleStream.end(end), true);
            callback.succeeded();
        } catch (Exception e) {
            callback.failed(e);
        } finally {
            session.endDelivered();
        }
        // an unfinished request body makes Jetty close the connection, which ends the keys thread
        keys.interrupt();
    }

    /** Request body to the guest; its end (or the connection's) detaches. */
    private void keys(Request request) {
        byte[] buf = new byte[4096];
        try (InputStream in = Content.Source.asInputStream(request)) {
            for (int n = in.read(buf); n >= 0 && session.ended() == null; n = in.read(buf)) {
                session.send(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the session ended and closed the guest's socket
        }
        session.end(EndReason.DETACHED);
    }

    private void keepAlive() {
        try {
            while (session.ended() == null) {
                long idle = System.nanoTime() - lastWrite;
                if (idle >= KEEP_ALIVE_NANOS) {
                    write(ConsoleStream.ping(), false);
                } else {
                    TimeUnit.NANOSECONDS.sleep(KEEP_ALIVE_NANOS - idle);
                }
            }
        } catch (InterruptedException e) {
            // the session ended
        } catch (Exception e) {
            session.end(EndReason.DETACHED);
        }
    }

    private void write(ByteBuffer frame, boolean last) throws Exception {
        writing.lock();
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(last, frame, cb);
            cb.block();
            lastWrite = System.nanoTime();
        } finally {
            writing.unlock();
        }
    }
}
