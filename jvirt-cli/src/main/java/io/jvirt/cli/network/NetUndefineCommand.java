package io.jvirt.cli.network;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-undefine NETWORK}: remove a network's definition (a running one stays until destroyed). */
@Command(name = "net-undefine", description = "Undefine a persistent network.")
public final class NetUndefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Override
    protected int run(JvirtClient client) throws Exception {
        client.undefineNetwork(network);
        return report(java.util.Map.of("undefined", network), "Network " + network + " has been undefined");
    }
}
