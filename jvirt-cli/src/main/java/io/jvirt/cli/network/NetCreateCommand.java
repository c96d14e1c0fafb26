package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-create FILE}: create and start a transient network. */
@Command(name = "net-create", description = "Create and start a transient network from an XML file.")
public final class NetCreateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "libvirt network XML file ('-' for standard input).")
    Path file;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.createNetwork(Files2.readXml(file));
        n.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        return report(n, "Network " + n.name() + " created from " + file);
    }
}
