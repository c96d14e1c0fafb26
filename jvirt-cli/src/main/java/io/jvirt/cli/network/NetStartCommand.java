package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-start NETWORK}. */
public final class NetStartCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");

    public NetStartCommand() {
        super("net-start", "Start a defined network: bridge, firewall rules, DHCP/DNS.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.networkAction(network.get(), "start");
        for (String w : n.warnings()) { // a loop, not a lambda: the AOT cache never saw a successful start
            err().println("warning: " + w);
        }
        return report(n, "Network " + n.name() + " started");
    }
}
