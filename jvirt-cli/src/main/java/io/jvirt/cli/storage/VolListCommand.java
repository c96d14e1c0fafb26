package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-list POOL [--details]}: virsh's volume table (the pool is read afresh). */
@Command(name = "vol-list", description = "List the volumes of a storage pool.")
public final class VolListCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Option(names = "--details", description = "Also show type, capacity and allocation.")
    boolean details;

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<StorageVolumeInfo> vols = client.listVolumes(pool);
        if (json) {
            printJson(vols);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        if (details) {
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
