package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-destroy POOL}: stop a storage pool (fs: unmount it); its volumes stay. */
@Command(name = "pool-destroy", description = "Stop a storage pool (fs: unmount it); its volumes stay.")
public final class PoolDestroyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool, "destroy", false, false);
        return report(p, "Pool " + p.name() + " destroyed");
    }
}
