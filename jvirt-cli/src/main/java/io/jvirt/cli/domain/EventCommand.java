package io.jvirt.cli.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.cli.support.EventVerb;
import io.jvirt.client.JvirtClient;

import java.util.function.Consumer;

/**
 * {@code jvirt event [--domain D] [--loop] [--timeout S]}: follows the daemon's domain
 * lifecycle events and prints them as virsh does ({@code event 'lifecycle' for domain 'web1':
 * Started Booted}). Without {@code --loop} it stops after the first event.
 */
public final class EventCommand extends EventVerb<DomainEvent> {
    private final Value<String> domain = option("--domain", "DOMAIN", "Only this domain's events (name, UUID or id).");
    private String uuid;

    public EventCommand() {
        super("event", "Follow domain lifecycle events.");
    }

    @Override
    protected void prepare(JvirtClient client) {
        if (domain.get() != null) {
            uuid = client.info(domain.get()).uuid();
        }
    }

    @Override
    protected void follow(JvirtClient client, Consumer<DomainEvent> consumer) {
        client.events(consumer);
    }

    @Override
    protected boolean wanted(DomainEvent e) {
        return uuid == null || uuid.equalsIgnoreCase(e.uuid());
    }

    @Override
    protected String line(DomainEvent e) {
        return "event 'lifecycle' for domain '" + e.domain() + "': " + word(e.event()) + " " + word(e.detail());
    }

    @Override
    protected long millis(DomainEvent e) {
        return e.timestampMillis();
    }
}
