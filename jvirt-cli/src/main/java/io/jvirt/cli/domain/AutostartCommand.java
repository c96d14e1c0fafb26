package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt autostart DOMAIN [--disable]}. */
@Command(name = "autostart", description = "Start a domain whenever jvirtd starts (or stop doing so with --disable).")
public final class AutostartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;
    @Option(names = "--disable", description = "Turn autostart off.")
    boolean disable;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.setAutostart(domain, !disable);
        return report(d, "Domain '" + d.name() + "' " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
