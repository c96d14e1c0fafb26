package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-delete POOL}: delete an inactive storage pool's (empty) directory. */
public final class PoolDeleteCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");

    public PoolDeleteCommand() {
        super("pool-delete", "Delete an inactive storage pool's (empty) directory.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool.get(), "delete", false, false);
        return report(p, "Pool " + p.name() + " deleted");
    }
}
