package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-start NETWORK}. */
@Command(name = "net-start", description = "Start a defined network: bridge, firewall rules, DHCP/DNS.")
public final class NetStartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.networkAction(network, "start");
        n.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        return report(n, "Network " + n.name() + " started");
    }
}
