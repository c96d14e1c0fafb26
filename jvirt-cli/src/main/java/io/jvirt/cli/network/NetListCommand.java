package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvirt net-list [--all|--inactive]}: virsh's network table. */
@Command(name = "net-list", description = "List virtual networks (active ones unless --all or --inactive).")
public final class NetListCommand extends ClientCommand {
    @Option(names = "--all", description = "Also list inactive networks.")
    boolean all;
    @Option(names = "--inactive", description = "List only inactive networks.")
    boolean inactive;
    @Option(names = "--name", description = "Print only the names.")
    boolean nameOnly;

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<NetworkInfo> nets = client.listNetworks(all || inactive).stream()
                .filter(n -> !inactive || !n.active()).toList();
        if (json) {
            printJson(nets);
            return 0;
        }
        if (nameOnly) {
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
