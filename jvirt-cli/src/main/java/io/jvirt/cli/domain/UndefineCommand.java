package io.jvirt.cli.domain;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt undefine DOMAIN}. */
@Command(name = "undefine", description = "Remove a domain's persistent definition.")
public final class UndefineCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = client.info(domain).name();
        client.undefine(domain);
        return report(java.util.Map.of("name", name, "undefined", true), "Domain '" + name + "' has been undefined");
    }
}
