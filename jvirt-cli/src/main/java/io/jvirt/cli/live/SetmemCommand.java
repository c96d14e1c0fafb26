package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/**
 * {@code jvirt setmem DOMAIN SIZE [--config] [--live] [--current]}: the guest's memory (a running
 * guest's through its balloon); SIZE in KiB unless it has a unit. Prints nothing, as virsh.
 */
public final class SetmemCommand extends LiveVerb {
    private final Value<String> size = parameter("SIZE", "New memory size, KiB by default (or with a unit: 512M, 1G).");

    public SetmemCommand() {
        super("setmem", "Change the memory of a domain (the balloon of a running one).", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        long kib;
        try {
            kib = ScaledSize.kib(size.get(), "The memory size");
        } catch (IllegalArgumentException e) {
            throw bad("Invalid value of " + size.get() + " for memory size");
        }
        DomainInfo d = new LiveClient(client).setMemory(domain.get(), kib, scope());
        return silent(d);
    }
}
