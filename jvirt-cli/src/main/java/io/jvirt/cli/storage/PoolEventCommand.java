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
    private final Value<String> pool = option("--pool", "POOL", "Only this pool's events (name or UUID).");
    private String uuid;

    public PoolEventCommand() {
        super("pool-event", "Follow storage pool lifecycle events.");
    }

    @Override
    protected void prepare(JvirtClient client) {
        if (pool.get() != null) {
            uuid = client.pool(pool.get()).uuid();
        }
    }

    @Override
    protected void follow(JvirtClient client, Consumer<PoolEvent> consumer) {
        client.poolEvents(consumer);
    }

    @Override
    protected boolean wanted(PoolEvent e) {
        return uuid == null || uuid.equalsIgnoreCase(e.uuid());
    }

    @Override
    protected String line(PoolEvent e) {
        return "event 'lifecycle' for storage pool " + e.pool() + ": " + word(e.event());
    }

    @Override
    protected long millis(PoolEvent e) {
        return e.timestampMillis();
    }
}
