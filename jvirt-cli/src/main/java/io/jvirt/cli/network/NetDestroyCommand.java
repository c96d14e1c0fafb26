package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-destroy NETWORK}: stop a network, removing exactly what its start made. */
@Command(name = "net-destroy", description = "Stop a network (bridge, firewall rules and dnsmasq are removed).")
public final class NetDestroyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.networkAction(network, "destroy");
        return report(n, "Network " + n.name() + " destroyed");
    }
}
