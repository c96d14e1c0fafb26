package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-refresh POOL}: read a storage pool's volumes again. */
public final class PoolRefreshCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");

    public PoolRefreshCommand() {
        super("pool-refresh", "Read a storage pool's volumes again.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool.get(), "refresh", false, false);
        return report(p, "Pool " + p.name() + " refreshed");
    }
}
