package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/** {@code jvirt pool-create FILE [--build] [--overwrite|--no-overwrite]}: a transient pool, started at once. */
public final class PoolCreateCommand extends ClientVerb {
    private final Value<Path> file = parameter("FILE", Path.class, "libvirt pool XML file ('-' for standard input).");
    private final Flag build = flag("--build", "Build the pool before starting it.");
    private final Flag overwrite = flag("--overwrite", "With --build: replace a file system the device already holds.");
    private final Flag noOverwrite = flag("--no-overwrite", "With --build: refuse a device that holds data (the default).");

    public PoolCreateCommand() {
        super("pool-create", "Create and start a transient storage pool from an XML file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean overwrite = this.overwrite.get(), noOverwrite = this.noOverwrite.get();
        StoragePoolInfo p = client.createPool(Files2.readXml(file.get()), build.get() || overwrite || noOverwrite,
                overwrite && !noOverwrite);
        return report(p, "Pool " + p.name() + " created from " + file.get());
    }
}
