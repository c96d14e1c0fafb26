package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/**
 * {@code jvirt setmaxmem DOMAIN SIZE [--config] [--live] [--current]}: the maximum memory of the
 * persistent definition (a running domain's cannot change); SIZE in KiB unless it has a unit.
 */
public final class SetmaxmemCommand extends LiveVerb {
    private final Value<String> size = parameter("SIZE", "New maximum memory, KiB by default (or with a unit).");

    public SetmaxmemCommand() {
        super("setmaxmem", "Change the maximum memory of a domain (its persistent definition).", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        long kib;
        try {
            kib = ScaledSize.kib(size.get(), "The memory size");
        } catch (IllegalArgumentException e) {
            throw bad("Invalid value of " + size.get() + " for memory size");
        }
        DomainInfo d;
        try {
            d = new LiveClient(client).setMaxMemory(domain.get(), kib, scope());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Unable to change MaxMemorySize\nerror: " + e.getMessage(), e);
        }
        return silent(d);
    }
}
