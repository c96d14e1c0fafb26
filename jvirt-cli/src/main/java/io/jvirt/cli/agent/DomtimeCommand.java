package io.jvirt.cli.agent;

import io.jvirt.api.GuestTime;
import io.jvirt.client.AgentClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * {@code jvirt domtime DOMAIN [--now | --sync | --time SECONDS] [--pretty]}: prints the guest's
 * clock, or sets it to the host's time ({@code --now}), to a time, or from its hardware clock
 * ({@code --sync}), through the guest agent.
 */
public final class DomtimeCommand extends AgentVerb {
    private static final DateTimeFormatter PRETTY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Flag now = flag("--now", "Set the guest's clock to the host's current time.");
    private final Flag pretty = flag("--pretty", "Print the time as a UTC date and time.");
    private final Flag sync = flag("--sync", "Set the guest's clock from its hardware clock.");
    private final Value<Long> time = option("--time", "SECONDS", Long.class,
            "Set the guest's clock to this many seconds since the epoch.");

    public DomtimeCommand() {
        super("domtime", "Get or set the domain's time (via the guest agent).");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        boolean set = time.get() != null;
        if (set && now.get()) {
            throw bad("Options --time and --now are mutually exclusive");
        }
        if (set && sync.get()) {
            throw bad("Options --time and --sync are mutually exclusive");
        }
        if (now.get() && sync.get()) {
            throw bad("Options --now and --sync are mutually exclusive");
        }
        if (set || now.get() || sync.get()) {
            Long seconds = sync.get() ? null : now.get() ? Instant.now().getEpochSecond() : time.get();
            client.setTime(domain.get(), seconds, 0, sync.get());
            if (json()) {
                printJson(Map.of());
            } else {
                text("");
            }
            return 0;
        }
        GuestTime t = client.time(domain.get());
        if (json()) {
            printJson(t);
        } else if (pretty.get()) {
            text("Time: " + PRETTY.format(Instant.ofEpochSecond(t.seconds())));
        } else {
            text("Time: " + t.seconds());
        }
        return 0;
    }
}
