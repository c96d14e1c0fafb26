package io.jvirt.cli.storage;

import io.jvirt.api.StoragePoolInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt pool-info POOL [--bytes]}: virsh's key/value listing. */
public final class PoolInfoCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag bytes = flag("--bytes", "Sizes in bytes instead of binary units.");

    public PoolInfoCommand() {
        super("pool-info", "Show basic information about a storage pool.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StoragePoolInfo p = client.pool(pool.get());
        if (json()) {
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
        return bytes.get() ? Long.toString(v) : Sizes.pretty(v);
    }
}
