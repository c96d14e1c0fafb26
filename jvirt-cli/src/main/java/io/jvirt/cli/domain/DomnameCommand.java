package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt domname DOMAIN}. */
public final class DomnameCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public DomnameCommand() {
        super("domname", "Print a domain's name.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain.get());
        return report(d, d.name());
    }
}
