package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-undefine POOL}: remove a pool's definition (its directory and volumes stay). */
public final class PoolUndefineCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");

    public PoolUndefineCommand() {
        super("pool-undefine", "Remove a storage pool's definition; its directory and volumes stay.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String pool = this.pool.get();
        String name = client.pool(pool).name();
        client.undefinePool(pool);
        return report(java.util.Map.of("undefined", name), "Pool " + name + " has been undefined");
    }
}
