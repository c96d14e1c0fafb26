package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt domid DOMAIN}. */
public final class DomidCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public DomidCommand() {
        super("domid", "Print a domain's id (- when inactive).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain.get());
        return report(d, d.id() < 0 ? "-" : Integer.toString(d.id()));
    }
}
