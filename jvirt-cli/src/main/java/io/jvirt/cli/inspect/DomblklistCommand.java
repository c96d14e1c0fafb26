package io.jvirt.cli.inspect;

import io.jvirt.api.DomainBlock;
import io.jvirt.cli.support.Table;
import io.jvirt.client.InspectClient;

import java.util.List;

/** {@code jvirt domblklist DOMAIN [--details]}: the domain's disks, as virsh lists them. */
public final class DomblklistCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag details = flag("--details", "Also show the disk type and device.");
    private final Flag inactive = flag("--inactive", "List the disks of the persistent definition (the next start).");

    public DomblklistCommand() {
        super("domblklist", "List a domain's block devices.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        List<DomainBlock> blocks = client.blocks(domain.get(), inactive.get());
        if (json()) {
            printJson(blocks);
            return 0;
        }
        Table t = details.get() ? new Table("Type", "Device", "Target", "Source") : new Table("Target", "Source");
        for (DomainBlock b : blocks) {
            String source = b.source() == null ? "-" : b.source();
            if (details.get()) {
                t.row(b.type(), b.device(), b.target(), source);
            } else {
                t.row(b.target(), source);
            }
        }
        print(t);
        return 0;
    }
}
