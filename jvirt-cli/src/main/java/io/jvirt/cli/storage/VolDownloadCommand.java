package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvirt vol-download VOL FILE [--pool P] [--offset N] [--length N] [--sparse]}: streams a
 * volume into a file through the daemon; holes stay holes, with a progress bar on a terminal.
 */
@Command(name = "vol-download", description = "Download a volume's bytes into a file.")
public final class VolDownloadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Parameters(index = "1", paramLabel = "FILE", description = "The file to write (replaced).")
    Path file;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--offset", paramLabel = "BYTES", description = "Where in the volume to start reading.")
    String offset;
    @Option(names = "--length", paramLabel = "BYTES", description = "How many bytes to read (default: to the end).")
    String length;
    @Option(names = "--sparse", description = "Accepted for virsh compatibility: transfers are always sparse.")
    boolean sparse;
    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    protected int run(JvirtClient client) throws Exception {
        long off = offset == null ? 0 : Sizes.parse(offset, "The offset");
        long len = length == null ? -1 : Sizes.parse(length, "The length");
        VolumeOptions.Ref r = volume.resolve(client, vol);
        long n = client.downloadVolume(r.pool(), r.name(), file, off, len,
                ProgressBar.of(spec.commandLine().getErr(), "vol-download", quiet || json));
        if (json) {
            printJson(java.util.Map.of("pool", r.pool(), "volume", r.name(), "file", file.toString(), "bytes", n));
        }
        return 0;
    }
}
