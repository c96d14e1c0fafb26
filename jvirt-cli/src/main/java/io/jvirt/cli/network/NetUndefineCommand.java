package io.jvirt.cli.network;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-undefine NETWORK}: remove a network's definition (a running one stays until destroyed). */
public final class NetUndefineCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");

    public NetUndefineCommand() {
        super("net-undefine", "Undefine a persistent network.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String network = this.network.get();
        client.undefineNetwork(network);
        return report(java.util.Map.of("undefined", network), "Network " + network + " has been undefined");
    }
}
