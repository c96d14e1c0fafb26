package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-key VOL [--pool P]}: the volume's key. */
public final class VolKeyCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");

    public VolKeyCommand() {
        super("vol-key", "Print a volume's key.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = info(client, vol.get());
        if (json()) {
            printJson(java.util.Map.of("key", v.key()));
        } else {
            out().println(v.key());
            out().println();
            out().flush();
        }
        return 0;
    }
}
