package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt domifaddr DOMAIN [--interface DEV]}: guest addresses from the networks' DHCP leases. */
@Command(name = "domifaddr", description = "Show a running domain's IP addresses (from DHCP leases).")
public final class DomifaddrCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;
    @Option(names = "--interface", paramLabel = "DEV", description = "Only this interface (tap name or MAC).")
    String iface;
    @Option(names = "--source", paramLabel = "SOURCE", description = "Where addresses come from; only 'lease' is supported.")
    String source = "lease";

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (!source.equals("lease")) {
            throw new IllegalArgumentException("only --source lease is supported: jvirt reads addresses from its "
                    + "networks' DHCP leases.");
        }
        List<DomainInterface> ifs = client.interfaces(domain, true).stream()
                .filter(i -> iface == null || iface.equals(i.device()) || iface.equalsIgnoreCase(i.mac())).toList();
        if (json) {
            printJson(ifs);
            return 0;
        }
        Table t = new Table("Name", "MAC address", "Protocol", "Address");
        for (DomainInterface i : ifs) {
            for (String a : i.addresses()) {
                t.row(i.device() == null ? "-" : i.device(), i.mac(), a.contains(":") ? "ipv6" : "ipv4", a);
            }
        }
        print(t);
        return 0;
    }
}
