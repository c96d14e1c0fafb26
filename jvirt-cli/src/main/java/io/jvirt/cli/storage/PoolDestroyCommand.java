package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-destroy POOL}: stop a storage pool (fs: unmount it); its volumes stay. */
public final class PoolDestroyCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");

    public PoolDestroyCommand() {
        super("pool-destroy", "Stop a storage pool (fs: unmount it); its volumes stay.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool.get(), "destroy", false, false);
        return report(p, "Pool " + p.name() + " destroyed");
    }
}
