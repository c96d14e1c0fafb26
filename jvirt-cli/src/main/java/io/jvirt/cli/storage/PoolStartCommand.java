package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-start POOL [--build] [--overwrite|--no-overwrite]}: start an inactive storage pool (fs: mount its device). */
public final class PoolStartCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag build = flag("--build", "Build the pool before starting it.");
    private final Flag overwrite = flag("--overwrite", "With --build: replace a file system the device already holds.");
    private final Flag noOverwrite = flag("--no-overwrite", "With --build: refuse a device that holds data (the default).");

    public PoolStartCommand() {
        super("pool-start", "Start an inactive storage pool (fs: mount its device).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean overwrite = this.overwrite.get(), noOverwrite = this.noOverwrite.get();
        StoragePoolInfo p = client.poolAction(pool.get(), "start", build.get() || overwrite || noOverwrite,
                overwrite && !noOverwrite);
        return report(p, "Pool " + p.name() + " started");
    }
}
