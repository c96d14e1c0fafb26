package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.KeyValues;
import io.jvirt.client.JvirtClient;

/** {@code jvirt net-info NETWORK}: virsh's key/value listing, plus forward mode, subnets and dnsmasq. */
public final class NetInfoCommand extends ClientVerb {
    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");

    public NetInfoCommand() {
        super("net-info", "Show basic information about a network.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.network(network.get());
        if (json()) {
            printJson(n);
            return 0;
        }
        KeyValues kv = new KeyValues()
                .add("Name", n.name())
                .add("UUID", n.uuid())
                .add("Active", n.active() ? "yes" : "no")
                .add("Persistent", n.persistent() ? "yes" : "no")
                .add("Autostart", n.autostart() ? "yes" : "no")
                .add("Bridge", n.bridge() == null ? "" : n.bridge())
                .add("Forward", n.forward());
        if (!n.subnets().isEmpty()) {
            kv.add("Subnets", String.join(", ", n.subnets()));
        }
        if (n.dnsmasqPid() > 0) {
            kv.add("dnsmasq pid", Long.toString(n.dnsmasqPid()));
        }
        for (String w : n.warnings()) {
            kv.add("Warning", w);
        }
        print(kv);
        return 0;
    }
}
