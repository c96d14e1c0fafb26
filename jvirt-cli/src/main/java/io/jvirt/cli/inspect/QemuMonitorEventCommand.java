package io.jvirt.cli.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.api.Json;
import io.jvirt.api.QemuMonitorEvent;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code jvirt qemu-monitor-event [--domain D] [--event E [--regex] [--no-case]] [--pretty] [--loop]
 * [--timeout S] [--timestamp]}: prints the QMP events of running domains as QEMU sent them, in
 * virsh's words ({@code event STOP at 1764999999.123456 for domain 'demo': <null>}); the first
 * one only unless {@code --loop}. Exits 1 when no event came, as virsh.
 */
public final class QemuMonitorEventCommand extends ClientVerb {
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxx",
            Locale.ROOT);

    private final Value<String> domain = option("--domain", "DOMAIN", "Only this domain's events (name, UUID or id).");
    private final Value<String> event = option("--event", "EVENT", "Only events of this name.");
    private final Flag pretty = flag("--pretty", "Indent each event's JSON details.");
    private final Flag loop = flag("--loop", "Keep printing events instead of stopping after the first.");
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class, "Stop after this many seconds.");
    private final Flag regex = flag("--regex", "--event is a regular expression.");
    private final Flag noCase = flag("--no-case", "Match --event without regard to case.");
    private final Flag timestamp = flag("--timestamp", "Start each line with the time it was printed.");

    private volatile boolean timedOut;
    private int received;
    private Pattern pattern;
    private String uuid;

    public QemuMonitorEventCommand() {
        super("qemu-monitor-event", "Print QEMU's monitor events of running domains.");
    }

    /** Ends the stream after the first event without --loop. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    @Override
    protected void beforeConnect() {
        Integer t = timeout.get();
        if (t != null && t <= 0) {
            throw new ParameterException(spec().commandLine(), "The timeout must be a positive number of seconds.");
        }
        if (event.get() != null && regex.get()) {
            try {
                pattern = Pattern.compile(event.get(), noCase.get() ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(spec().commandLine(), "The event pattern '" + event.get()
                        + "' is no regular expression: " + e.getDescription() + ".");
            }
        }
    }

    @Override
    protected int run(JvirtClient client) {
        if (domain.get() != null) {
            uuid = client.info(domain.get()).uuid();
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
            client.qemuMonitorEvents(this::print);
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
        if (!json()) {
            out().println("events received: " + received);
        }
        out().flush();
        return received > 0 ? 0 : 1;
    }

    /** Whether the event passes --domain and --event. */
    boolean wanted(QemuMonitorEvent e) {
        if (uuid != null && !uuid.equalsIgnoreCase(e.uuid())) {
            return false;
        }
        String want = event.get();
        if (want == null) {
            return true;
        }
        if (pattern != null) {
            return pattern.matcher(e.event()).find();
        }
        return noCase.get() ? want.equalsIgnoreCase(e.event()) : want.equals(e.event());
    }

    private void print(QemuMonitorEvent e) {
        if (!wanted(e)) {
            return;
        }
        received++;
        try {
            if (json()) {
                out().println(Json.mapper().writeValueAsString(e));
            } else {
                out().println(line(e, pretty.get(), timestamp.get() ? NOW.format(ZonedDateTime.now(ZoneId.systemDefault()))
                        : null));
            }
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
        out().flush();
        if (!loop.get()) {
            throw new Enough();
        }
    }

    /**
     * virsh's line for an event ({@code virshEventQemuPrint}).
     *
     * @param now the printing time with {@code --timestamp}, else null
     */
    static String line(QemuMonitorEvent e, boolean pretty, String now) {
        String details = e.details() == null ? "<null>" : e.details();
        if (pretty && e.details() != null) {
            try {
                ObjectMapper m = Json.mapper();
                JsonNode tree = m.readTree(e.details());
                details = m.writer(new VirshJsonPrinter()).writeValueAsString(tree);
            } catch (IOException notJson) {
                // printed as it came
            }
        }
        if (now != null) {
            return now + ": event " + e.event() + " for domain '" + e.domain() + "': " + details;
        }
        return String.format(Locale.ROOT, "event %s at %d.%06d for domain '%s': %s", e.event(), e.seconds(), e.micros(),
                e.domain(), details);
    }
}
