package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt domuuid DOMAIN}. */
public final class DomuuidCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public DomuuidCommand() {
        super("domuuid", "Print a domain's UUID.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain.get());
        return report(d, d.uuid());
    }
}
