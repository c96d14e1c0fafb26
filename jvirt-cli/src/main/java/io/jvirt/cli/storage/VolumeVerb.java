package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * Base of the vol-* verbs that name a volume virsh's way: its name with {@code --pool}, or
 * without {@code --pool} its key or path (then any running pool that holds it).
 */
abstract class VolumeVerb extends ClientVerb {
    private final Value<String> pool = option("--pool", "POOL", "The pool holding the volume (name or UUID).");

    VolumeVerb(String name, String description) {
        super(name, description);
    }

    /** The volume's pool and name, looked up by key or path when no pool was given. */
    record Ref(String pool, String name) {
    }

    /** {@code vol} as its pool and name. */
    final Ref resolve(JvirtClient client, String vol) {
        String p = pool.get();
        if (p != null) {
            return new Ref(p, vol);
        }
        StorageVolumeInfo v = client.volumeByKey(vol);
        return new Ref(v.pool(), v.name());
    }

    /** {@code vol}'s description from the daemon. */
    final StorageVolumeInfo info(JvirtClient client, String vol) {
        String p = pool.get();
        return p != null ? client.volume(p, vol) : client.volumeByKey(vol);
    }
}
