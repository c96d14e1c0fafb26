package io.jvirt.cli.snapshot;

import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.KeyValues;
import io.jvirt.client.JvirtClient;

/** {@code jvirt snapshot-info DOMAIN [SNAPSHOT | --current]}: virsh's key/value listing. */
public final class SnapshotInfoCommand extends SnapshotVerb {
    public SnapshotInfoCommand() {
        super("snapshot-info", "Show information about a snapshot.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        SnapshotInfo s = client.snapshots().info(domain.get(), snapshotName(client));
        if (json()) {
            printJson(s);
            return 0;
        }
        print(new KeyValues()
                .add("Name", s.name())
                .add("Domain", s.domain())
                .add("Current", s.current() ? "yes" : "no")
                .add("State", s.state())
                .add("Location", s.location())
                .add("Parent", s.parent() == null ? "-" : s.parent())
                .add("Children", Integer.toString(s.children()))
                .add("Descendants", Integer.toString(s.descendants()))
                .add("Metadata", s.metadata() ? "yes" : "no"));
        return 0;
    }
}
