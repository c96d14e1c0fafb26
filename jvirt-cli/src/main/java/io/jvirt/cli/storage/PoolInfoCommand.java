package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt pool-info POOL [--bytes]}: virsh's key/value listing. */
@Command(name = "pool-info", description = "Show basic information about a storage pool.")
public final class PoolInfoCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--bytes", description = "Sizes in bytes instead of binary units.")
    boolean bytes;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.pool(pool);
        if (json) {
            printJson(p);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        Sizes.kv(sb, "Name", p.name());
        Sizes.kv(sb, "UUID", p.uuid());
        Sizes.kv(sb, "State", p.active() ? "running" : "inactive");
        Sizes.kv(sb, "Persistent", p.persistent() ? "yes" : "no");
        Sizes.kv(sb, "Autostart", p.autostart() ? "yes" : "no");
        if (p.active()) {
            Sizes.kv(sb, "Capacity", size(p.capacity()));
            Sizes.kv(sb, "Allocation", size(p.allocation()));
            Sizes.kv(sb, "Available", size(p.available()));
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }

    private String size(long v) {
        return bytes ? Long.toString(v) : Sizes.pretty(v);
    }
}
