package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-autostart NETWORK [--disable]}. */
public final class NetAutostartCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");
    private final Flag disable = flag("--disable", "Turn autostart off.");

    public NetAutostartCommand() {
        super("net-autostart", "Start a network whenever jvirtd starts (or stop doing so with --disable).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean disable = this.disable.get();
        NetworkInfo n = client.setNetworkAutostart(network.get(), !disable);
        return report(n, "Network " + n.name() + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
