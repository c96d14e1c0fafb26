package io.jvirt.cli.network;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-dumpxml NETWORK [--inactive]}: libvirt network XML. */
@Command(name = "net-dumpxml", description = "Print a network's libvirt XML.")
public final class NetDumpxmlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Option(names = "--inactive", description = "The persistent definition, not the running one.")
    boolean inactive;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = client.networkXml(network, inactive);
        printXml(xml);
        return 0;
    }
}
