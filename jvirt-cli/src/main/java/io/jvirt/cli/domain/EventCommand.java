package io.jvirt.cli.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.Json;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import picocli.CommandLine.ParameterException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code jvirt event [--domain D] [--loop] [--timeout S]}: follows the daemon's domain
 * lifecycle events and prints them as virsh does ({@code event 'lifecycle' for domain 'web1':
 * Started Booted}). Without {@code --loop} it stops after the first event.
 */
public final class EventCommand extends ClientVerb {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx")
            .withZone(ZoneId.systemDefault());

    private final Value<String> domain = option("--domain", "DOMAIN", "Only this domain's events (name or UUID).");
    private final Value<String> event = option("--event", "EVENT", "The event kind: lifecycle, the one kind jvirtd sends.");
    private final Flag all = flag("--all", "Every event kind (the same as lifecycle here).");
    private final Flag loop = flag("--loop", "Keep following events instead of stopping after the first.");
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class, "Stop after this many seconds.");
    private final Flag timestamp = flag("--timestamp", "Start each line with the event's time.");

    private volatile boolean timedOut;
    private int received;

    public EventCommand() {
        super("event", "Follow domain lifecycle events.");
    }

    /** Ends the stream after the first event without --loop. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    @Override
    protected void beforeConnect() {
        String kind = event.get();
        if (kind != null && !kind.equals("lifecycle")) {
            throw new ParameterException(spec().commandLine(), "jvirtd sends lifecycle events only, not '" + kind + "'.");
        }
        Integer t = timeout.get();
        if (t != null && t <= 0) {
            throw new ParameterException(spec().commandLine(), "The timeout must be a positive number of seconds.");
        }
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
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
            client.events(this::print);
        } catch (Enough e) {
            // one event was asked for
        } catch (JvirtClientException e) {
            if (!timedOut) {
                throw e;
            }
            out().println("event loop timed out");
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
        }
        out().println("events received: " + received);
        out().flush();
        return 0;
    }

    private void print(DomainEvent e) {
        String d = domain.get();
        if (d != null && !d.equals(e.domain()) && !d.equalsIgnoreCase(e.uuid())) {
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
            out().println(line(e, timestamp.get()));
        }
        out().flush();
        if (!loop.get()) {
            throw new Enough();
        }
    }

    /** virsh's line for a lifecycle event. */
    static String line(DomainEvent e, boolean withTime) {
        String s = "event 'lifecycle' for domain '" + e.domain() + "': " + word(e.event()) + " " + word(e.detail());
        return withTime ? TIME.format(Instant.ofEpochMilli(e.timestampMillis())) + ": " + s : s;
    }

    private static String word(String w) {
        if (w == null || w.isEmpty()) {
            return "";
        }
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }
}
