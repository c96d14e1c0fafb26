package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvirt pool-list [--all|--inactive] [--details] [--type T] [--name|--uuid]}: virsh's pool table. */
@Command(name = "pool-list", description = "List storage pools (active ones unless --all or --inactive).")
public final class PoolListCommand extends ClientCommand {
    @Option(names = "--all", description = "Also list inactive pools.")
    boolean all;
    @Option(names = "--inactive", description = "List only inactive pools.")
    boolean inactive;
    @Option(names = "--details", description = "Also show persistence, capacity, allocation and available space.")
    boolean details;
    @Option(names = "--type", paramLabel = "TYPES", description = "Only pools of these types (comma-separated: dir,fs).")
    String type;
    @Option(names = "--name", description = "Print only the names.")
    boolean nameOnly;
    @Option(names = "--uuid", description = "Print only the UUIDs.")
    boolean uuidOnly;

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<String> types = type == null ? null : List.of(type.split(","));
        List<StoragePoolInfo> pools = client.listPools(all || inactive).stream()
                .filter(p -> !inactive || !p.active())
                .filter(p -> types == null || types.contains(p.type())).toList();
        if (json) {
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
