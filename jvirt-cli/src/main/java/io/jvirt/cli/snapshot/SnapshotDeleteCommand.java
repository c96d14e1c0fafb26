package io.jvirt.cli.snapshot;

import io.jvirt.client.JvirtClient;

import java.util.Map;

/**
 * {@code jvirt snapshot-delete DOMAIN [SNAPSHOT | --current] [--children | --children-only]
 * [--metadata]}: deletes a snapshot (an external one in the middle of a chain has its data
 * merged into the image below).
 */
public final class SnapshotDeleteCommand extends SnapshotVerb {
    private final Flag children = flag("--children", "Delete its descendants too.");
    private final Flag childrenOnly = flag("--children-only", "Delete only its descendants.");
    private final Flag metadata = flag("--metadata", "Delete only the metadata; the images keep what they hold.");

    public SnapshotDeleteCommand() {
        super("snapshot-delete", "Delete a snapshot.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = snapshotName(client);
        client.snapshots().delete(domain.get(), name,
                given(children, "children", childrenOnly, "children-only", metadata, "metadata-only"));
        return report(Map.of("name", name, "deleted", true, "childrenOnly", childrenOnly.get()),
                "Domain snapshot " + name + (childrenOnly.get() ? " children" : "") + " deleted");
    }
}
