package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/** {@code jvirt pool-list [--all|--inactive] [--details] [--type T] [--name|--uuid]}: virsh's pool table. */
public final class PoolListCommand extends ClientVerb {
    private final Flag all = flag("--all", "Also list inactive pools.");
    private final Flag inactive = flag("--inactive", "List only inactive pools.");
    private final Flag details = flag("--details", "Also show persistence, capacity, allocation and available space.");
    private final Value<String> type = option("--type", "TYPES", "Only pools of these types (comma-separated: dir,fs).");
    private final Flag persistent = flag("--persistent", "Only persistent pools.");
    private final Flag transientOnly = flag("--transient", "Only transient pools.");
    private final Flag autostart = flag("--autostart", "Only pools that start with the daemon.");
    private final Flag noAutostart = flag("--no-autostart", "Only pools that do not.");
    private final Flag nameOnly = flag("--name", "Print only the names.");
    private final Flag uuidOnly = flag("--uuid", "Print only the UUIDs.");

    public PoolListCommand() {
        super("pool-list", "List storage pools (active ones unless --all or --inactive).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean all = this.all.get(), inactive = this.inactive.get(), details = this.details.get();
        boolean nameOnly = this.nameOnly.get(), uuidOnly = this.uuidOnly.get();
        String type = this.type.get();
        List<String> types = type == null ? null : List.of(type.split(","));
        List<StoragePoolInfo> pools = client.listPools(all || inactive).stream()
                .filter(p -> !inactive || !p.active())
                .filter(p -> types == null || types.contains(p.type()))
                .filter(p -> keeps(persistent.get(), transientOnly.get(), p.persistent()))
                .filter(p -> keeps(autostart.get(), noAutostart.get(), p.autostart()))
                .toList();
        if (json()) {
            printJson(pools);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        if (nameOnly || uuidOnly) {
            pools.forEach(p -> sb.append(nameOnly ? p.name() : p.uuid()).append('\n'));
        } else if (details) {
            Table t = new Table("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available");
            for (StoragePoolInfo p : pools) {
                t.row(p.name(), p.active() ? "running" : "inactive", p.autostart() ? "yes" : "no",
                        p.persistent() ? "yes" : "no", p.active() ? Sizes.pretty(p.capacity()) : "-",
                        p.active() ? Sizes.pretty(p.allocation()) : "-", p.active() ? Sizes.pretty(p.available()) : "-");
            }
            t.render(sb);
        } else {
            Table t = new Table("Name", "State", "Autostart");
            for (StoragePoolInfo p : pools) {
                t.row(p.name(), p.active() ? "active" : "inactive", p.autostart() ? "yes" : "no");
            }
            t.render(sb);
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }
}
