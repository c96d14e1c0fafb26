package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt domstate DOMAIN [--reason]}. */
@Command(name = "domstate", description = "Show a domain's state (and why, with --reason).")
public final class DomstateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;
    @Option(names = "--reason", description = "Also show the reason for the state.")
    boolean reason;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain);
        if (json) {
            printJson(java.util.Map.of("state", d.state().label(), "reason", d.reason()));
            return 0;
        }
        return report(d, d.state().label() + (reason ? " (" + d.reason() + ")" : ""));
    }
}
