package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/** {@code jvirt domifaddr DOMAIN [--interface DEV]}: guest addresses from the networks' DHCP leases. */
public final class DomifaddrCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> iface = option("--interface", "DEV", "Only this interface (tap name or MAC).");
    private final Value<String> source = option("--source", "SOURCE", String.class,
            "Where addresses come from; only 'lease' is supported.", b -> b.defaultValue("lease"));

    public DomifaddrCommand() {
        super("domifaddr", "Show a running domain's IP addresses (from DHCP leases).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (!source.get().equals("lease")) {
            throw new IllegalArgumentException("only --source lease is supported: jvirt reads addresses from its "
                    + "networks' DHCP leases.");
        }
        String iface = this.iface.get();
        List<DomainInterface> ifs = client.interfaces(domain.get(), true).stream()
                .filter(i -> iface == null || iface.equals(i.device()) || iface.equalsIgnoreCase(i.mac())).toList();
        if (json()) {
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
