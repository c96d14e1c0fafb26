package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt net-autostart NETWORK [--disable]}. */
@Command(name = "net-autostart", description = "Start a network whenever jvirtd starts (or stop doing so with --disable).")
public final class NetAutostartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Option(names = "--disable", description = "Turn autostart off.")
    boolean disable;

    @Override
    protected int run(JvirtClient client) throws Exception {
        NetworkInfo n = client.setNetworkAutostart(network, !disable);
        return report(n, "Network " + n.name() + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
