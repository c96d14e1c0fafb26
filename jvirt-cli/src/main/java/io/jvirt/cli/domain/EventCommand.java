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
    public EventCommand() {
        super("event", "Follow domain lifecycle events.",
                "--domain", "DOMAIN", "Only this domain's events (name, UUID or id).");
    }

    @Override
    protected String uuidOf(JvirtClient client, String ref) {
        return client.info(ref).uuid();
    }

    @Override
    protected void follow(JvirtClient client, Consumer<DomainEvent> consumer) {
        client.events(consumer);
    }

    @Override
    protected String line(DomainEvent e) {
        return "event 'lifecycle' for domain '" + e.domain() + "': " + word(e.event()) + " " + word(e.detail());
    }
}
