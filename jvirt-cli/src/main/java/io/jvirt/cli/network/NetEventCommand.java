package io.jvirt.cli.network;

import io.jvirt.api.NetworkEvent;
import io.jvirt.cli.support.EventVerb;
import io.jvirt.client.JvirtClient;

import java.util.function.Consumer;

/**
 * {@code jvirt net-event [--network N] [--loop] [--timeout S]}: follows network lifecycle
 * events (defined, undefined, started, stopped) and prints them as virsh does ({@code event
 * 'lifecycle' for network default: Started}).
 */
public final class NetEventCommand extends EventVerb<NetworkEvent> {
    public NetEventCommand() {
        super("net-event", "Follow network lifecycle events.",
                "--network", "NETWORK", "Only this network's events (name or UUID).");
    }

    @Override
    protected String uuidOf(JvirtClient client, String ref) {
        return client.network(ref).uuid();
    }

    @Override
    protected void follow(JvirtClient client, Consumer<NetworkEvent> consumer) {
        client.networkEvents(consumer);
    }

    @Override
    protected String line(NetworkEvent e) {
        return "event 'lifecycle' for network " + e.network() + ": " + word(e.event());
    }
}
