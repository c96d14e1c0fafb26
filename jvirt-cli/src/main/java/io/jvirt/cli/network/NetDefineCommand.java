package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-define FILE}: define or redefine a persistent network from libvirt XML. */
@Command(name = "net-define", description = "Define (or redefine) a network from an XML file.")
public final class NetDefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt network XML file ('-' for standard input).")
    Path file;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.defineNetwork(Files2.readXml(file));
        return report(n, "Network " + n.name() + " defined from " + file);
    }
}
