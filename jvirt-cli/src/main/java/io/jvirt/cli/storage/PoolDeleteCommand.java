package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-delete POOL}: delete an inactive storage pool's (empty) directory. */
@Command(name = "pool-delete", description = "Delete an inactive storage pool's (empty) directory.")
public final class PoolDeleteCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool, "delete", false, false);
        return report(p, "Pool " + p.name() + " deleted");
    }
}
