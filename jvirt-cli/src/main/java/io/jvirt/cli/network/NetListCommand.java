package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/** {@code jvirt net-list [--all|--inactive]}: virsh's network table. */
public final class NetListCommand extends ClientVerb {
    private final Flag all = flag("--all", "Also list inactive networks.");
    private final Flag inactive = flag("--inactive", "List only inactive networks.");
    private final Flag nameOnly = flag("--name", "Print only the names.");

    public NetListCommand() {
        super("net-list", "List virtual networks (active ones unless --all or --inactive).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean inactive = this.inactive.get();
        List<NetworkInfo> nets = client.listNetworks(all.get() || inactive).stream()
                .filter(n -> !inactive || !n.active()).toList();
        if (json()) {
            printJson(nets);
            return 0;
        }
        if (nameOnly.get()) {
            nets.forEach(n -> out().println(n.name()));
            out().println();
            out().flush();
            return 0;
        }
        Table t = new Table("Name", "State", "Autostart", "Persistent");
        for (NetworkInfo n : nets) {
            t.row(n.name(), n.active() ? "active" : "inactive", n.autostart() ? "yes" : "no", n.persistent() ? "yes" : "no");
        }
        print(t);
        return 0;
    }
}
