package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-path VOL [--pool P]}: the volume's path. */
public final class VolPathCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");

    public VolPathCommand() {
        super("vol-path", "Print a volume's path.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        StorageVolumeInfo v = info(client, vol.get());
        if (json()) {
            printJson(java.util.Map.of("path", v.path()));
        } else {
            out().println(v.path());
            out().println();
            out().flush();
        }
        return 0;
    }
}
