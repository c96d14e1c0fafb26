package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-wipe VOL [--pool P] [--algorithm zero]}: refused while a domain uses the volume. */
public final class VolWipeCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Value<String> algorithm = option("--algorithm", "ALG", "zero (the only one supported).");

    public VolWipeCommand() {
        super("vol-wipe", "Erase a volume's data with zeroes, keeping its format and size.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        Ref r = resolve(client, vol.get());
        StorageVolumeInfo v = client.wipeVolume(r.pool(), r.name(), algorithm.get());
        return report(v, "Vol " + vol.get() + " wiped");
    }
}
