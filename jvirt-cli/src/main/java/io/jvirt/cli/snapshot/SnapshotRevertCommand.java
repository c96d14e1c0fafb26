package io.jvirt.cli.snapshot;

import io.jvirt.api.SnapshotInfo;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt snapshot-revert DOMAIN [SNAPSHOT | --current] [--running | --paused] [--force]
 * [--reset-nvram]}: the domain goes back to the snapshot.
 */
public final class SnapshotRevertCommand extends SnapshotVerb {
    private final Flag running = flag("--running", "Run the domain afterwards.");
    private final Flag paused = flag("--paused", "Leave it paused afterwards.");
    private final Flag force = flag("--force", "Revert even when it is risky.");
    private final Flag resetNvram = flag("--reset-nvram", "Start from a fresh copy of the firmware's variables.");

    public SnapshotRevertCommand() {
        super("snapshot-revert", "Revert a domain to a snapshot.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = snapshotName(client);
        SnapshotInfo s = client.snapshots().revert(domain.get(), name,
                given(running, "running", paused, "paused", force, "force", resetNvram, "reset-nvram"));
        return report(s, "Domain snapshot " + name + " reverted");
    }
}
