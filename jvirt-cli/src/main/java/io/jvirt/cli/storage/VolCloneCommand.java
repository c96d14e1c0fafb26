package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-clone VOL NEWNAME [--pool P] [--reflink|--overlay]}: a copy in the same pool. */
public final class VolCloneCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Value<String> newName = parameter("NEWNAME", "The new volume's name.");
    private final Flag prealloc = flag("--prealloc-metadata", "Accepted for virsh compatibility; copies keep their layout.");
    private final Flag reflink = flag("--reflink",
            "Share the blocks with the source (btrfs, xfs with reflink) instead of copying.");
    private final Flag overlay = flag("--overlay", "Make a thin qcow2 overlay backed by the source instead of a copy.");

    public VolCloneCommand() {
        super("vol-clone", "Clone a volume in its pool: a full sparse copy, a reflink, or a thin overlay.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String mode = CloneModes.of(reflink.get(), overlay.get());
        Ref r = resolve(client, vol.get());
        StorageVolumeInfo v = client.cloneVolume(r.pool(), r.name(), newName.get(), mode);
        return report(v, "Vol " + v.name() + " cloned from " + r.name());
    }
}
