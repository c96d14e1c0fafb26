package io.jvirt.cli.inspect;

import io.jvirt.api.BlockInfo;
import io.jvirt.cli.support.Table;
import io.jvirt.client.InspectClient;

import java.util.List;

/** {@code jvirt domblkinfo DOMAIN [DEVICE] [--all] [--human]}: a running domain's disk sizes. */
public final class DomblkinfoCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> device = optionalParameter("DEVICE", String.class, "The disk's target (vda) or source path.");
    private final Flag human = flag("--human", "Sizes with units (1.000 GiB).");
    private final Flag all = flag("--all", "Every disk of the domain, as a table.");

    public DomblkinfoCommand() {
        super("domblkinfo", "Show the capacity, allocation and physical size of a domain's disks.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        if (all.get() == device.given()) {
            throw bad(all.get() ? "Options --all and DEVICE are mutually exclusive"
                    : "either --all or DEVICE must be given");
        }
        List<BlockInfo> infos = client.blockInfo(domain.get(), device.get());
        if (json()) {
            printJson(all.get() ? infos : infos.getFirst());
            return 0;
        }
        if (!all.get()) {
            text(VirshText.domblkinfo(infos.getFirst(), human.get()));
            return 0;
        }
        Table t = new Table("Target", "Capacity", "Allocation", "Physical");
        for (BlockInfo b : infos) {
            String[] v = VirshText.sizes(b, human.get());
            t.row(b.target(), v[0], v[1], v[2]);
        }
        print(t);
        return 0;
    }
}
