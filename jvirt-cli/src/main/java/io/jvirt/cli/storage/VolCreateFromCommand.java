package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvirt vol-create-from POOL FILE VOL [--inputpool P] [--reflink|--overlay]}: a volume
 * from XML holding a copy of another volume (full and sparse-aware, a reflink, or a thin
 * qcow2 overlay).
 */
@Command(name = "vol-create-from", description = "Create a volume from an XML file, with the contents of another volume.")
public final class VolCreateFromCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool of the new volume.")
    String pool;
    @Parameters(index = "1", paramLabel = "FILE", description = "libvirt volume XML file ('-' for standard input).")
    Path file;
    @Parameters(index = "2", paramLabel = "VOL", description = "The volume to copy (name, or key or path).")
    String vol;
    @Option(names = "--inputpool", paramLabel = "POOL", description = "The pool of the volume to copy (default: POOL).")
    String inputPool;
    @Option(names = "--prealloc-metadata", description = "Accepted for virsh compatibility; copies keep their layout.")
    boolean prealloc;
    @Option(names = "--reflink", description = "Share the blocks with the source (btrfs, xfs with reflink) instead of copying.")
    boolean reflink;
    @Option(names = "--overlay", description = "Make a thin qcow2 overlay backed by the source instead of a copy.")
    boolean overlay;

    @Override
    protected int run(JvirtClient client) throws Exception {
        String src = inputPool != null ? inputPool : pool;
        String name = vol;
        if (inputPool == null && vol.startsWith("/")) {
            var v = client.volumeByKey(vol);
            src = v.pool();
            name = v.name();
        }
        StorageVolumeInfo v = client.createVolumeFrom(pool, Files2.readXml(file), src, name, CloneModes.of(reflink,
                overlay));
        return report(v, "Vol " + v.name() + " created from input vol " + name);
    }
}
