package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt domif-setlink DOMAIN INTERFACE up|down}: the guest sees its cable plugged or pulled. */
@Command(name = "domif-setlink", description = "Set the link state of a domain's network interface.")
public final class DomifSetlinkCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;
    @Parameters(index = "1", paramLabel = "INTERFACE", description = "Tap device name or MAC address.")
    String iface;
    @Parameters(index = "2", paramLabel = "STATE", description = "up or down.")
    String state;

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (!state.equals("up") && !state.equals("down")) {
            throw new IllegalArgumentException("the link state must be 'up' or 'down', not '" + state + "'.");
        }
        DomainInterface i = client.setLink(domain, iface, state.equals("up"));
        return report(i, "Device updated successfully");
    }
}
