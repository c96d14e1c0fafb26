package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;

/** {@code jvirt vol-list POOL [--details]}: virsh's volume table (the pool is read afresh). */
public final class VolListCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Flag details = flag("--details", "Also show type, capacity and allocation.");

    public VolListCommand() {
        super("vol-list", "List the volumes of a storage pool.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<StorageVolumeInfo> vols = client.listVolumes(pool.get());
        if (json()) {
            printJson(vols);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        if (details.get()) {
            Table t = new Table("Name", "Path", "Type", "Capacity", "Allocation");
            for (StorageVolumeInfo v : vols) {
                t.row(v.name(), v.path(), v.type(), Sizes.pretty(v.capacity()), Sizes.pretty(v.allocation()));
            }
            t.render(sb);
        } else {
            Table t = new Table("Name", "Path");
            for (StorageVolumeInfo v : vols) {
                t.row(v.name(), v.path());
            }
            t.render(sb);
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }
}
