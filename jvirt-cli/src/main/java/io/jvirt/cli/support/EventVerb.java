package io.jvirt.cli.support;

import io.jvirt.api.Json;
import io.jvirt.api.LifecycleEvent;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.ParameterException;

/**
 * Base of {@code event} and {@code net-event}: follows one of the daemon's event streams and
 * prints each event as virsh does, stopping after the first unless {@code --loop}, and after
 * {@code --timeout} seconds when given; ends with {@code events received: N}.
 *
 * @param <E> the event type
 */
public abstract class EventVerb<E extends LifecycleEvent> extends ClientVerb {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx")
            .withZone(ZoneId.systemDefault());

    private final Value<String> event = option("--event", "EVENT",
            "The event kind to follow (default: lifecycle); see the verb's help for the kinds.");
    private final Flag all = flag("--all", "Every event kind this verb knows.");
    private final Flag loop = flag("--loop", "Keep following events instead of stopping after the first.");
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class, "Stop after this many seconds.");
    private final Flag timestamp = flag("--timestamp", "Start each line with the event's time.");
    private final Flag list = flag("--list", "List the event kinds and exit.");

    private final Value<String> filter;
    private volatile boolean timedOut;
    private int received;
    private String uuid;

    /**
     * @param filterOption the option naming the one object to follow, such as {@code --domain}
     * @param filterLabel  its value's label, such as {@code DOMAIN}
     * @param filterHelp   its description
     */
    protected EventVerb(String name, String description, String filterOption, String filterLabel, String filterHelp) {
        super(name, description);
        filter = option(filterOption, filterLabel, filterHelp);
    }

    /**
     * The UUID of the object {@code ref} names; an error when it names nothing (as in virsh:
     * better than a wait for events that never come).
     */
    protected abstract String uuidOf(JvirtClient client, String ref);

    /** Follows the stream, handing each event to {@code consumer}, until it throws or the stream ends. */
    protected abstract void follow(JvirtClient client, Consumer<E> consumer);

    /** virsh's line for {@code e}, without the time. */
    protected abstract String line(E e);

    /** The event kinds this stream carries (virsh's {@code --event} words); lifecycle only by default. */
    protected List<String> kinds() {
        return List.of("lifecycle");
    }

    /** The kind of one event, one of {@link #kinds()}. */
    protected String kindOf(E e) {
        return "lifecycle";
    }

    /** libvirt's capitalized event word ({@code started} → {@code Started}). */
    protected static String word(String w) {
        return w == null || w.isEmpty() ? "" : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }

    /** Ends the stream after the first event without --loop. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    @Override
    protected final void beforeConnect() {
        String kind = event.get();
        if (kind != null && !kinds().contains(kind)) {
            throw new ParameterException(spec().commandLine(), "jvirtd sends no '" + kind + "' events here; the kinds are "
                    + String.join(", ", kinds()) + ".");
        }
        Integer t = timeout.get();
        if (t != null && t <= 0) {
            throw new ParameterException(spec().commandLine(), "The timeout must be a positive number of seconds.");
        }
    }

    @Override
    protected final Integer withoutDaemon() {
        if (!list.get()) {
            return null;
        }
        kinds().forEach(out()::println);
        out().flush();
        return 0;
    }

    @Override
    protected final int run(JvirtClient client) {
        if (filter.get() != null) {
            uuid = uuidOf(client, filter.get());
        }
        Integer t = timeout.get();
        Thread timer = t == null ? null : Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(t * 1000L);
                timedOut = true;
                client.close(); // ends the stream read below
            } catch (InterruptedException e) {
                // the stream ended first
            }
        });
        try {
            follow(client, this::print);
        } catch (Enough e) {
            // one event was asked for
        } catch (JvirtClientException e) {
            if (!timedOut) {
                throw e;
            }
            if (!json()) {
                out().println("event loop timed out");
            }
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
        }
        if (!json()) { // --json prints nothing but one JSON document per line
            out().println("events received: " + received);
        }
        out().flush();
        return 0;
    }

    private void print(E e) {
        if (uuid != null && !uuid.equalsIgnoreCase(e.uuid())) {
            return;
        }
        String wanted = event.get() != null ? event.get() : "lifecycle";
        if (!all.get() && !kindOf(e).equals(wanted)) {
            return;
        }
        received++;
        if (json()) {
            try {
                out().println(Json.mapper().writeValueAsString(e));
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                throw new IllegalStateException(x);
            }
        } else {
            String l = line(e);
            out().println(timestamp.get() ? TIME.format(Instant.ofEpochMilli(e.timestampMillis())) + ": " + l : l);
        }
        out().flush();
        if (!loop.get()) {
            throw new Enough();
        }
    }
}
