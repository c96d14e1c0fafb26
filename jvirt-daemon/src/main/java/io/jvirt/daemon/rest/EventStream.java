package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serves an event stream ({@code GET /v1/events}, {@code /v1/events/networks}) as server-sent
 * events: one {@code data:} line of JSON per event, and a comment every 15 s so a vanished
 * client is noticed. Runs on the request's own (virtual) thread; a slow client only fills
 * its own bounded queue.
 *
 * @param <E> the event type
 */
final class EventStream<E> {
    private static final int QUEUE = 10_000;

    private final Function<Consumer<E>, AutoCloseable> subscribe;
    private final ObjectMapper json;

    /** A stream of what {@code subscribe} delivers; closing its result unsubscribes. */
    EventStream(Function<Consumer<E>, AutoCloseable> subscribe, ObjectMapper json) {
        this.subscribe = subscribe;
        this.json = json;
    }

    void serve(Response response, Callback callback) {
        BlockingQueue<E> queue = new LinkedBlockingQueue<>(QUEUE);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        try (AutoCloseable sub = subscribe.apply(queue::offer)) {
            write(response, ": jvirtd events\n\n");
            while (true) {
                E e = queue.poll(15, TimeUnit.SECONDS);
                write(response, e == null ? ": ping\n\n" : "data: " + json.writeValueAsString(e) + "\n\n");
            }
        } catch (Exception closed) {
            callback.failed(closed);
        }
    }

    private static void write(Response response, String text) throws Exception {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), cb);
            cb.block();
        }
    }
}
