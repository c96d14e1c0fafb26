package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-info NETWORK}: virsh's key/value listing, plus forward mode, subnets and dnsmasq. */
@Command(name = "net-info", description = "Show basic information about a network.")
public final class NetInfoCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.network(network);
        if (json) {
            printJson(n);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        kv(sb, "Name", n.name());
        kv(sb, "UUID", n.uuid());
        kv(sb, "Active", n.active() ? "yes" : "no");
        kv(sb, "Persistent", n.persistent() ? "yes" : "no");
        kv(sb, "Autostart", n.autostart() ? "yes" : "no");
        kv(sb, "Bridge", n.bridge() == null ? "" : n.bridge());
        kv(sb, "Forward", n.forward());
        if (!n.subnets().isEmpty()) {
            kv(sb, "Subnets", String.join(", ", n.subnets()));
        }
        if (n.dnsmasqPid() > 0) {
            kv(sb, "dnsmasq pid", Long.toString(n.dnsmasqPid()));
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }

    private static void kv(StringBuilder sb, String k, String v) {
        sb.append(k).append(':').append(" ".repeat(Math.max(1, 16 - k.length() - 1))).append(v).append('\n');
    }
}
