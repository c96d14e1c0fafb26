package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

/**
 * {@code jvirt setvcpus DOMAIN COUNT [--maximum] [--config] [--live] [--current] [--guest]
 * [--hotpluggable]}: vCPUs plugged into or out of a running domain, or the persistent counts;
 * prints nothing, as virsh.
 */
public final class SetvcpusCommand extends LiveVerb {
    private final Value<Integer> count = parameter("COUNT", Integer.class, "Number of virtual CPUs.");
    private final Flag maximum = flag("--maximum", "Set the maximum (with --config: the persistent definition).");
    private final Flag guest = flag("--guest", "Change the vCPUs the guest has online, through its agent.");
    private final Flag hotpluggable = flag("--hotpluggable", "Make the added vCPUs hot-pluggable (always so here).");

    public SetvcpusCommand() {
        super("setvcpus", "Change the number of virtual CPUs.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        exclusive(guest.get(), "--guest", config(), "--config");
        if (maximum.get() && live()) {
            throw bad("--maximum must be used with --config only");
        }
        if (count.get() <= 0) {
            throw bad("Invalid number of virtual CPUs");
        }
        DomainInfo d = new LiveClient(client).setVcpus(domain.get(), count.get(), scope(), maximum.get(),
                guest.get());
        return silent(d);
    }
}
