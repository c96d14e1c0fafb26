package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-undefine POOL}: remove a pool's definition (its directory and volumes stay). */
@Command(name = "pool-undefine", description = "Remove a storage pool's definition; its directory and volumes stay.")
public final class PoolUndefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = client.pool(pool).name();
        client.undefinePool(pool);
        return report(java.util.Map.of("undefined", name), "Pool " + name + " has been undefined");
    }
}
