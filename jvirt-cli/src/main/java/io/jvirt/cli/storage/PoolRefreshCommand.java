package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-refresh POOL}: read a storage pool's volumes again. */
@Command(name = "pool-refresh", description = "Read a storage pool's volumes again.")
public final class PoolRefreshCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool, "refresh", false, false);
        return report(p, "Pool " + p.name() + " refreshed");
    }
}
