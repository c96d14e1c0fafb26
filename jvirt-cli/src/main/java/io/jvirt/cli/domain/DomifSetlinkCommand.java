package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt domif-setlink DOMAIN INTERFACE up|down [--config]}: the guest sees its cable plugged
 * or pulled; with {@code --config} (or on a domain that is not running) the persistent
 * definition keeps the state for the next start, as with virsh.
 */
public final class DomifSetlinkCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> iface = parameter("INTERFACE", "Tap device name or MAC address.");
    private final Value<String> state = parameter("STATE", "up or down.");
    private final Flag config = flag("--config", "Change the persistent definition (the next start) instead of the "
            + "running domain.");

    public DomifSetlinkCommand() {
        super("domif-setlink", "Set the link state of a domain's network interface.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String state = this.state.get();
        if (!state.equals("up") && !state.equals("down")) {
            throw new IllegalArgumentException("the link state must be 'up' or 'down', not '" + state + "'.");
        }
        DomainInterface i = client.setLink(domain.get(), iface.get(), state.equals("up"), config.get());
        return report(i, "Device updated successfully");
    }
}
