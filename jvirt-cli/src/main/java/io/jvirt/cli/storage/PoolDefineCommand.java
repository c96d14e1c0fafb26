package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/** {@code jvirt pool-define FILE}: define or redefine a persistent storage pool from libvirt XML. */
public final class PoolDefineCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt pool XML file ('-' for standard input).");

    public PoolDefineCommand() {
        super("pool-define", "Define (or redefine) a storage pool from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.definePool(Files2.readXml(file.get()));
        return report(p, "Pool " + p.name() + " defined from " + file.get());
    }
}
