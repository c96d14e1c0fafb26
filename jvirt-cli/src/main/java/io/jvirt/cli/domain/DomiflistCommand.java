package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt domiflist DOMAIN}: the domain's network cards, as virsh shows them. */
@Command(name = "domiflist", description = "List a domain's network interfaces.")
public final class DomiflistCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<DomainInterface> ifs = client.interfaces(domain, false);
        if (json) {
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
