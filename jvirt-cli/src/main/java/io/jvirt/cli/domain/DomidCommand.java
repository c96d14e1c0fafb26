package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt domid DOMAIN}. */
@Command(name = "domid", description = "Print a domain's id (- when inactive).")
public final class DomidCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "Domain name, UUID or id.")
    String domain;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain);
        return report(d, d.id() < 0 ? "-" : Integer.toString(d.id()));
    }
}
