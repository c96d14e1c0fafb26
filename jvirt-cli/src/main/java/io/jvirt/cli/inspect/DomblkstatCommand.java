package io.jvirt.cli.inspect;

import io.jvirt.api.BlockStats;
import io.jvirt.client.InspectClient;

/** {@code jvirt domblkstat DOMAIN [DEVICE] [--human]}: a running domain's disk I/O counters. */
public final class DomblkstatCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> device = optionalParameter("DEVICE", String.class,
            "The disk's target (vda) or source path; without it, the sum over all disks.");
    private final Flag human = flag("--human", "Print the counters with sentences.");

    public DomblkstatCommand() {
        super("domblkstat", "Get a domain's block device statistics.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        BlockStats s = client.blockStats(domain.get(), device.get());
        if (json()) {
            printJson(s);
            return 0;
        }
        text(VirshText.domblkstat(device.get(), s, human.get()));
        return 0;
    }
}
