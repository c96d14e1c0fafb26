package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/** {@code jvirt domiflist DOMAIN [--inactive]}: the domain's network cards, as virsh shows them. */
public final class DomiflistCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag inactive = flag("--inactive", "The interfaces of the persistent definition (the next boot's).");

    public DomiflistCommand() {
        super("domiflist", "List a domain's network interfaces.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<DomainInterface> ifs = inactive.get() ? client.inactiveInterfaces(domain.get())
                : client.interfaces(domain.get(), false);
        if (json()) {
            printJson(ifs);
            return 0;
        }
        Table t = new Table("Interface", "Type", "Source", "Model", "MAC");
        for (DomainInterface i : ifs) {
            t.row(i.device() == null ? "-" : i.device(), i.type(), i.source() == null ? "-" : i.source(),
                    i.model(), i.mac());
        }
        print(t);
        return 0;
    }
}
