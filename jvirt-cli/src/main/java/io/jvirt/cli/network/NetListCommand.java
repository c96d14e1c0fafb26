package io.jvirt.cli.network;

import io.jvirt.api.NetworkInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/**
 * {@code jvirt net-list [--all|--inactive]}: virsh's network table, with its filters
 * ({@code --persistent}/{@code --transient}, {@code --autostart}/{@code --no-autostart}: of one
 * kind, both mean either) and layouts ({@code --name}, {@code --uuid}, {@code --table}).
 */
public final class NetListCommand extends ClientVerb {
    private final Flag all = flag("--all", "Also list inactive networks.");
    private final Flag inactive = flag("--inactive", "List only inactive networks.");
    private final Flag persistent = flag("--persistent", "Only persistent networks.");
    private final Flag transientOnly = flag("--transient", "Only transient networks.");
    private final Flag autostart = flag("--autostart", "Only networks that start with the daemon.");
    private final Flag noAutostart = flag("--no-autostart", "Only networks that do not.");
    private final Flag nameOnly = flag("--name", "Print only the names.");
    private final Flag uuidOnly = flag("--uuid", "Print only the UUIDs (with --name: UUID and name).");
    private final Flag table = flag("--table", "Print a table (the default).");

    public NetListCommand() {
        super("net-list", "List virtual networks (active ones unless --all or --inactive).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean inactive = this.inactive.get();
        if (table.get() && (nameOnly.get() || uuidOnly.get())) {
            throw new IllegalArgumentException("--table and --name or --uuid exclude each other; give one layout.");
        }
        List<NetworkInfo> nets = client.listNetworks(all.get() || inactive).stream()
                .filter(n -> !inactive || !n.active())
                .filter(n -> keeps(persistent.get(), transientOnly.get(), n.persistent()))
                .filter(n -> keeps(autostart.get(), noAutostart.get(), n.autostart()))
                .toList();
        if (json()) {
            printJson(nets);
            return 0;
        }
        if (nameOnly.get() || uuidOnly.get()) {
            for (NetworkInfo n : nets) {
                out().println(uuidOnly.get() && nameOnly.get() ? n.uuid() + " " + n.name()
                        : uuidOnly.get() ? n.uuid() : n.name());
            }
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
