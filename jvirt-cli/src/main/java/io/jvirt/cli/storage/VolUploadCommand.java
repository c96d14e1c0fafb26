package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/**
 * {@code jvirt vol-upload VOL FILE [--pool P] [--offset N] [--length N] [--sparse]}: streams a
 * file into a volume through the daemon, zero blocks as holes, with a progress bar on a terminal.
 */
public final class VolUploadCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Value<Path> file = parameter("FILE", Path.class, "The file to read.");
    private final Value<String> offset = option("--offset", "BYTES", "Where in the volume to start writing.");
    private final Value<String> length = option("--length", "BYTES",
            "How many bytes of the file to send (default: all).");
    private final Flag sparse = flag("--sparse", "Accepted for virsh compatibility: transfers are always sparse.");
    private final Flag quiet = flag("-q, --quiet", "No progress bar.");

    public VolUploadCommand() {
        super("vol-upload", "Upload a file into a volume (its bytes replace the volume's from --offset on).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String offset = this.offset.get(), length = this.length.get();
        long off = offset == null ? 0 : Sizes.parse(offset, "The offset");
        long len = length == null ? -1 : Sizes.parse(length, "The length");
        Ref r = resolve(client, vol.get());
        StorageVolumeInfo v = client.uploadVolume(r.pool(), r.name(), file.get(), off, len,
                ProgressBar.of(err(), "vol-upload", quiet.get() || json()));
        if (json()) {
            printJson(v);
        }
        return 0;
    }
}
