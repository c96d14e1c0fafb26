package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt domuuid DOMAIN}. */
@Command(name = "domuuid", description = "Print a domain's UUID.")
public final class DomuuidCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "Domain name, UUID or id.")
    String domain;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain);
        return report(d, d.uuid());
    }
}
