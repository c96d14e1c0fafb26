package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Files2;
import io.jvirt.client.JvirtClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-create POOL FILE [--prealloc-metadata]}: an empty volume from libvirt volume XML. */
@Command(name = "vol-create", description = "Create a volume from an XML file.")
public final class VolCreateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Parameters(index = "1", paramLabel = "FILE", description = "libvirt volume XML file ('-' for standard input).")
    Path file;
    @Option(names = "--prealloc-metadata", description = "Preallocate qcow2 metadata.")
    boolean prealloc;

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = client.createVolume(pool, Files2.readXml(file), prealloc);
        return report(v, "Vol " + v.name() + " created from " + file);
    }
}
