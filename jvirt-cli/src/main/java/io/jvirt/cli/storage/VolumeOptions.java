package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Option;

/**
 * virsh's way to name a volume: its name with {@code --pool}, or without {@code --pool} its
 * key or path (then any running pool that holds it).
 */
public final class VolumeOptions {
    @Option(names = "--pool", paramLabel = "POOL", description = "The pool holding the volume (name or UUID).")
    String pool;

    /** The volume's pool and name, looked up by key or path when no pool was given. */
    record Ref(String pool, String name) {
    }

    Ref resolve(JvirtClient client, String vol) {
        if (pool != null) {
            return new Ref(pool, vol);
        }
        StorageVolumeInfo v = client.volumeByKey(vol);
        return new Ref(v.pool(), v.name());
    }

    StorageVolumeInfo info(JvirtClient client, String vol) {
        return pool != null ? client.volume(pool, vol) : client.volumeByKey(vol);
    }
}
