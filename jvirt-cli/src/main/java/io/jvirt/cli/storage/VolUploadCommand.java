package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvirt vol-upload VOL FILE [--pool P] [--offset N] [--length N] [--sparse]}: streams a
 * file into a volume through the daemon, zero blocks as holes, with a progress bar on a terminal.
 */
@Command(name = "vol-upload", description = "Upload a file into a volume (its bytes replace the volume's from --offset on).")
public final class VolUploadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Parameters(index = "1", paramLabel = "FILE", description = "The file to read.")
    Path file;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--offset", paramLabel = "BYTES", description = "Where in the volume to start writing.")
    String offset;
    @Option(names = "--length", paramLabel = "BYTES", description = "How many bytes of the file to send (default: all).")
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
        StorageVolumeInfo v = client.uploadVolume(r.pool(), r.name(), file, off, len,
                ProgressBar.of(spec.commandLine().getErr(), "vol-upload", quiet || json));
        if (json) {
            printJson(v);
        }
        return 0;
    }
}
