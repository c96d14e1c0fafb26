package io.jvirt.cli.storage;

import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-delete VOL [--pool P]}: refused while a domain uses the volume. */
public final class VolDeleteCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Flag deleteSnapshots = flag("--delete-snapshots",
            "Accepted for virsh compatibility; file volumes have none to delete.");

    public VolDeleteCommand() {
        super("vol-delete", "Delete a volume (refused while a domain uses it).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        Ref r = resolve(client, vol.get());
        client.deleteVolume(r.pool(), r.name());
        return report(java.util.Map.of("pool", r.pool(), "deleted", r.name()), "Vol " + vol.get() + " deleted");
    }
}
