package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.api.DomainEvent;
import io.jvirt.daemon.domain.EventBus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code GET /v1/events} as server-sent events: one {@code data:} line of JSON per
 * {@link DomainEvent}, and a comment every 15 s so a vanished client is noticed. Runs on the
 * request's own (virtual) thread; a slow client only fills its own bounded queue.
 */
final class EventStream {
    private static final int QUEUE = 10_000;

    private final EventBus bus;
    private final ObjectMapper json;

    EventStream(EventBus bus, ObjectMapper json) {
        this.bus = bus;
        this.json = json;
    }

    void serve(Response response, Callback callback) {
        BlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>(QUEUE);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        try (AutoCloseable sub = bus.subscribe(queue::offer)) {
            write(response, ": jvirtd events\n\n");
            while (true) {
                DomainEvent e = queue.poll(15, TimeUnit.SECONDS);
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
