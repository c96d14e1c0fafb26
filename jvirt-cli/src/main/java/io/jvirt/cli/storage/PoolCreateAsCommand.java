package io.jvirt.cli.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

/**
 * {@code jvirt pool-create-as NAME TYPE [--source-dev DEV] [--source-format FMT] [--target DIR]
 * [--build] [--overwrite|--no-overwrite] [--print-xml]}: create and start a transient pool from
 * arguments, as virsh does; {@code --overwrite} and {@code --no-overwrite} build too, as in libvirt.
 */
public final class PoolCreateAsCommand extends PoolAsVerb {
    private final Flag build = flag("--build", "Build the pool before starting it (make its directory; fs: also "
            + "the file system on its device).");
    private final Flag overwrite = flag("--overwrite", "Build, replacing a file system the device already holds.");
    private final Flag noOverwrite = flag("--no-overwrite", "Build, refusing a device that holds data (the default).");

    public PoolCreateAsCommand() {
        super("pool-create-as", "Create and start a transient storage pool from a set of arguments (types dir and fs).");
    }

    @Override
    void checkOptions() {
        if (overwrite.get() && noOverwrite.get()) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT,
                    "--overwrite and --no-overwrite exclude each other; give one of them.");
        }
    }

    @Override
    int make(JvirtClient client, PoolSpec spec) throws Exception {
        boolean overwrite = this.overwrite.get();
        StoragePoolInfo p = client.createPool(spec.xml(), build.get() || overwrite || noOverwrite.get(), overwrite);
        return report(p, "Pool " + p.name() + " created");
    }
}
