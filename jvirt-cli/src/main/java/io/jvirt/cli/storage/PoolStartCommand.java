package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-start POOL [--build] [--overwrite|--no-overwrite]}: start an inactive storage pool (fs: mount its device). */
@Command(name = "pool-start", description = "Start an inactive storage pool (fs: mount its device).")
public final class PoolStartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--build", description = "Build the pool before starting it.")
    boolean build;
    @Option(names = "--overwrite", description = "With --build: replace a file system the device already holds.")
    boolean overwrite;
    @Option(names = "--no-overwrite", description = "With --build: refuse a device that holds data (the default).")
    boolean noOverwrite;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool, "start", build || overwrite || noOverwrite, overwrite && !noOverwrite);
        return report(p, "Pool " + p.name() + " started");
    }
}
