package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-info VOL [--pool P] [--bytes] [--physical]}: virsh's key/value listing, plus format and users. */
public final class VolInfoCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Flag bytes = flag("--bytes", "Sizes in bytes instead of binary units.");
    private final Flag physical = flag("--physical", "Show the file's size instead of its allocation.");

    public VolInfoCommand() {
        super("vol-info", "Show basic information about a volume.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = info(client, vol.get());
        if (json()) {
            printJson(v);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        Sizes.kv(sb, "Name", v.name());
        Sizes.kv(sb, "Type", v.type());
        Sizes.kv(sb, "Capacity", size(v.capacity()));
        if (physical.get()) {
            Sizes.kv(sb, "Physical", size(v.physical()));
        } else {
            Sizes.kv(sb, "Allocation", size(v.allocation()));
        }
        Sizes.kv(sb, "Format", v.format());
        if (v.backing() != null) {
            Sizes.kv(sb, "Backing", v.backing());
        }
        if (!v.usedBy().isEmpty()) {
            Sizes.kv(sb, "Used by", String.join(", ", v.usedBy()));
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }

    private String size(long b) {
        return bytes.get() ? Long.toString(b) : Sizes.pretty(b);
    }
}
