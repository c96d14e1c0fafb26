package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.util.Map;

/** {@code jvirt snapshot-parent DOMAIN [SNAPSHOT | --current]}: the parent snapshot's name. */
public final class SnapshotParentCommand extends SnapshotVerb {
    public SnapshotParentCommand() {
        super("snapshot-parent", "Print the name of a snapshot's parent.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        SnapshotInfo s = client.snapshots().info(domain.get(), snapshotName(client));
        if (s.parent() == null) {
            throw new JvirtClientException(ErrorCode.NOT_FOUND, "snapshot '" + s.name() + "' has no parent.");
        }
        if (json()) {
            printJson(Map.of("name", s.name(), "parent", s.parent()));
        } else {
            out().println(s.parent());
            out().flush();
        }
        return 0;
    }
}
