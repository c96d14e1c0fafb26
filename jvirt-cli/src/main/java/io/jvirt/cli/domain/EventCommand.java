package io.jvirt.cli.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.cli.support.EventVerb;
import io.jvirt.client.JvirtClient;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code jvirt event [--domain D] [--event lifecycle|reboot | --all] [--loop] [--timeout S]}:
 * follows the daemon's domain events and prints them as virsh does ({@code event 'lifecycle'
 * for domain 'web1': Started Booted}, {@code event 'reboot' for domain 'web1'}). Lifecycle
 * events only unless asked otherwise; without {@code --loop} it stops after the first event.
 */
public final class EventCommand extends EventVerb<DomainEvent> {
    public EventCommand() {
        super("event", "Follow domain events: lifecycle (default) and reboot.",
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
    protected List<String> kinds() {
        return List.of("lifecycle", DomainEvent.REBOOT);
    }

    @Override
    protected String kindOf(DomainEvent e) {
        return e.reboot() ? DomainEvent.REBOOT : "lifecycle";
    }

    @Override
    protected String line(DomainEvent e) {
        if (e.reboot()) {
            return "event 'reboot' for domain '" + e.domain() + "'";
        }
        return "event 'lifecycle' for domain '" + e.domain() + "': " + word(e.event()) + " " + word(e.detail());
    }
}
