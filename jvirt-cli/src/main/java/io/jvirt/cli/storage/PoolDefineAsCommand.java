package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt pool-define-as NAME TYPE [--source-dev DEV] [--source-format FMT] [--target DIR]
 * [--print-xml]}: define a persistent (inactive) pool from arguments, as virsh does.
 */
public final class PoolDefineAsCommand extends PoolAsVerb {

    public PoolDefineAsCommand() {
        super("pool-define-as", "Define a storage pool from a set of arguments (types dir and fs).");
    }

    @Override
    int make(JvirtClient client, PoolSpec spec) throws Exception {
        StoragePoolInfo p = client.definePool(spec.xml());
        return report(p, "Pool " + p.name() + " defined");
    }
}
