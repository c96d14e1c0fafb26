package io.jvirt.cli.inspect;

import io.jvirt.api.InterfaceStats;
import io.jvirt.client.InspectClient;

/** {@code jvirt domifstat DOMAIN INTERFACE}: a running domain's network card traffic. */
public final class DomifstatCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> iface = parameter("INTERFACE", "The card's host device (vnet0) or MAC address.");

    public DomifstatCommand() {
        super("domifstat", "Get a domain's network interface statistics.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        InterfaceStats s = client.interfaceStats(domain.get(), iface.get());
        if (json()) {
            printJson(s);
            return 0;
        }
        text(VirshText.domifstat(iface.get(), s));
        return 0;
    }
}
