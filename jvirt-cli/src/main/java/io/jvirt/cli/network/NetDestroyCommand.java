package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-destroy NETWORK}: stop a network, removing exactly what its start made. */
public final class NetDestroyCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");

    public NetDestroyCommand() {
        super("net-destroy", "Stop a network (bridge, firewall rules and dnsmasq are removed).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.networkAction(network.get(), "destroy");
        return report(n, "Network " + n.name() + " destroyed");
    }
}
