package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-define FILE}: define or redefine a persistent storage pool from libvirt XML. */
@Command(name = "pool-define", description = "Define (or redefine) a storage pool from an XML file.")
public final class PoolDefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt pool XML file ('-' for standard input).")
    Path file;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.definePool(Files2.readXml(file));
        return report(p, "Pool " + p.name() + " defined from " + file);
    }
}
