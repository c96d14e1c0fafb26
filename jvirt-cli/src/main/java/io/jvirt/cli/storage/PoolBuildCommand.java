package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-build POOL [--overwrite|--no-overwrite]}: build a storage pool: make its directory (fs: also the file system on its device). */
public final class PoolBuildCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag overwrite = flag("--overwrite",
            "Replace a file system the device already holds (everything on it is lost).");
    private final Flag noOverwrite = flag("--no-overwrite", "Refuse a device that holds data (the default).");

    public PoolBuildCommand() {
        super("pool-build", "Build a storage pool: make its directory (fs: also the file system on its device).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.poolAction(pool.get(), "build", false, overwrite.get() && !noOverwrite.get());
        return report(p, "Pool " + p.name() + " built");
    }
}
