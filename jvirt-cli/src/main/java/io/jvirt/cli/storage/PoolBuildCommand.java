package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-build POOL [--overwrite|--no-overwrite]}: build a storage pool: make its directory (fs: also the file system on its device). */
@Command(name = "pool-build", description = "Build a storage pool: make its directory (fs: also the file system on its device).")
public final class PoolBuildCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--overwrite", description = "Replace a file system the device already holds (everything on it is lost).")
    boolean overwrite;
    @Option(names = "--no-overwrite", description = "Refuse a device that holds data (the default).")
    boolean noOverwrite;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool, "build", false, overwrite && !noOverwrite);
        return report(p, "Pool " + p.name() + " built");
    }
}
