package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-create FILE [--build] [--overwrite|--no-overwrite]}: a transient pool, started at once. */
@Command(name = "pool-create", description = "Create and start a transient storage pool from an XML file.")
public final class PoolCreateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt pool XML file ('-' for standard input).")
    Path file;
    @Option(names = "--build", description = "Build the pool before starting it.")
    boolean build;
    @Option(names = "--overwrite", description = "With --build: replace a file system the device already holds.")
    boolean overwrite;
    @Option(names = "--no-overwrite", description = "With --build: refuse a device that holds data (the default).")
    boolean noOverwrite;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.createPool(Files2.readXml(file), build || overwrite || noOverwrite,
                overwrite && !noOverwrite);
        return report(p, "Pool " + p.name() + " created from " + file);
    }
}
