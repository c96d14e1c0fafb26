package io.jvirt.cli.storage;

import io.jvirt.api.PoolEvent;
import io.jvirt.cli.support.EventVerb;
import io.jvirt.client.JvirtClient;

import java.util.function.Consumer;

/**
 * {@code jvirt pool-event [--pool P] [--loop] [--timeout S]}: follows storage pool lifecycle
 * events (defined, undefined, started, stopped, created, deleted) and prints them as virsh
 * does ({@code event 'lifecycle' for storage pool default: Started}).
 */
public final class PoolEventCommand extends EventVerb<PoolEvent> {
    public PoolEventCommand() {
        super("pool-event", "Follow storage pool lifecycle events.",
                "--pool", "POOL", "Only this pool's events (name or UUID).");
    }

    @Override
    protected String uuidOf(JvirtClient client, String ref) {
        return client.pool(ref).uuid();
    }

    @Override
    protected void follow(JvirtClient client, Consumer<PoolEvent> consumer) {
        client.poolEvents(consumer);
    }

    @Override
    protected String line(PoolEvent e) {
        return "event 'lifecycle' for storage pool " + e.pool() + ": " + word(e.event());
    }
}
