package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-delete VOL [--pool P]}: refused while a domain uses the volume. */
@Command(name = "vol-delete", description = "Delete a volume (refused while a domain uses it).")
public final class VolDeleteCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--delete-snapshots", description = "Accepted for virsh compatibility; file volumes have none to delete.")
    boolean deleteSnapshots;

    @Override
    protected int run(JvirtClient client) throws Exception {
        VolumeOptions.Ref r = volume.resolve(client, vol);
        client.deleteVolume(r.pool(), r.name());
        return report(java.util.Map.of("pool", r.pool(), "deleted", r.name()), "Vol " + vol + " deleted");
    }
}
