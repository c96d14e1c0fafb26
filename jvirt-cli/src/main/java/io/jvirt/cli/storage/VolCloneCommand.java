package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-clone VOL NEWNAME [--pool P] [--reflink|--overlay]}: a copy in the same pool. */
@Command(name = "vol-clone", description = "Clone a volume in its pool: a full sparse copy, a reflink, or a thin overlay.")
public final class VolCloneCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Parameters(index = "1", paramLabel = "NEWNAME", description = "The new volume's name.")
    String newName;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--prealloc-metadata", description = "Accepted for virsh compatibility; copies keep their layout.")
    boolean prealloc;
    @Option(names = "--reflink", description = "Share the blocks with the source (btrfs, xfs with reflink) instead of copying.")
    boolean reflink;
    @Option(names = "--overlay", description = "Make a thin qcow2 overlay backed by the source instead of a copy.")
    boolean overlay;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String mode = CloneModes.of(reflink, overlay);
        VolumeOptions.Ref r = volume.resolve(client, vol);
        StorageVolumeInfo v = client.cloneVolume(r.pool(), r.name(), newName, mode);
        return report(v, "Vol " + v.name() + " cloned from " + r.name());
    }
}
