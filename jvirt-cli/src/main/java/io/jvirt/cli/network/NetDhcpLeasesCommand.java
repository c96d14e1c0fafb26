package io.jvirt.cli.network;

import io.jvirt.api.DhcpLease;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code jvirt net-dhcp-leases NETWORK [--mac MAC]}: virsh's lease table. */
public final class NetDhcpLeasesCommand extends ClientVerb {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final Value<String> network = parameter("NETWORK", "Network name or UUID.");
    private final Value<String> mac = option("--mac", "MAC", "Only the leases of this MAC address.");

    public NetDhcpLeasesCommand() {
        super("net-dhcp-leases", "Show the DHCP leases of a network.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<DhcpLease> leases = client.leases(network.get(), mac.get());
        if (json()) {
            printJson(leases);
            return 0;
        }
        Table t = new Table("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID");
        for (DhcpLease l : leases) {
            t.row(l.expiryEpochSeconds() == 0 ? "never" : TIME.format(Instant.ofEpochSecond(l.expiryEpochSeconds())),
                    dash(l.mac()), l.type(), l.address(), dash(l.hostname()), dash(l.clientId()));
        }
        print(t);
        return 0;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
