package io.jvirt.cli.storage;

import io.jvirt.client.JvirtClient;
import java.nio.file.Path;

/**
 * {@code jvirt vol-download VOL FILE [--pool P] [--offset N] [--length N] [--sparse]}: streams a
 * volume into a file through the daemon; holes stay holes, with a progress bar on a terminal.
 */
public final class VolDownloadCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Value<Path> file = parameter("FILE", Path.class, "The file to write (replaced).");
    private final Value<String> offset = option("--offset", "BYTES", "Where in the volume to start reading.");
    private final Value<String> length = option("--length", "BYTES", "How many bytes to read (default: to the end).");
    private final Flag sparse = flag("--sparse", "Accepted for virsh compatibility: transfers are always sparse.");
    private final Flag quiet = flag("-q, --quiet", "No progress bar.");

    public VolDownloadCommand() {
        super("vol-download", "Download a volume's bytes into a file.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String offset = this.offset.get(), length = this.length.get();
        Path file = this.file.get();
        long off = offset == null ? 0 : Sizes.parse(offset, "The offset");
        long len = length == null ? -1 : Sizes.parse(length, "The length");
        Ref r = resolve(client, vol.get());
        long n = client.downloadVolume(r.pool(), r.name(), file, off, len,
                ProgressBar.of(err(), "vol-download", quiet.get() || json()));
        if (json()) {
            printJson(java.util.Map.of("pool", r.pool(), "volume", r.name(), "file", file.toString(), "bytes", n));
        }
        return 0;
    }
}
