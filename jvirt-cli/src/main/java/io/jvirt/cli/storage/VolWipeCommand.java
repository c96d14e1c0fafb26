package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-wipe VOL [--pool P] [--algorithm zero]}: refused while a domain uses the volume. */
@Command(name = "vol-wipe", description = "Erase a volume's data with zeroes, keeping its format and size.")
public final class VolWipeCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--algorithm", paramLabel = "ALG", description = "zero (the only one supported).")
    String algorithm;

    @Override
    protected int run(JvirtClient client) throws Exception {
        VolumeOptions.Ref r = volume.resolve(client, vol);
        StorageVolumeInfo v = client.wipeVolume(r.pool(), r.name(), algorithm);
        return report(v, "Vol " + vol + " wiped");
    }
}
