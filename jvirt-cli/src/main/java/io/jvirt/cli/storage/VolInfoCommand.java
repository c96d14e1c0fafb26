package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-info VOL [--pool P] [--bytes] [--physical]}: virsh's key/value listing, plus format and users. */
@Command(name = "vol-info", description = "Show basic information about a volume.")
public final class VolInfoCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--bytes", description = "Sizes in bytes instead of binary units.")
    boolean bytes;
    @Option(names = "--physical", description = "Show the file's size instead of its allocation.")
    boolean physical;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = volume.info(client, vol);
        if (json) {
            printJson(v);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        Sizes.kv(sb, "Name", v.name());
        Sizes.kv(sb, "Type", v.type());
        Sizes.kv(sb, "Capacity", size(v.capacity()));
        if (physical) {
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
        return bytes ? Long.toString(b) : Sizes.pretty(b);
    }
}
