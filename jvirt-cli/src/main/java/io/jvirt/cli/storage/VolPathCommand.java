package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-path VOL [--pool P]}: the volume's path. */
@Command(name = "vol-path", description = "Print a volume's path.")
public final class VolPathCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Mixin
    VolumeOptions volume;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = volume.info(client, vol);
        if (json) {
            printJson(java.util.Map.of("path", v.path()));
        } else {
            out().println(v.path());
            out().println();
            out().flush();
        }
        return 0;
    }
}
