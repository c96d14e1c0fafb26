package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

/**
 * {@code jvirt snapshot-current DOMAIN [--name] [--security-info] [SNAPSHOT]}: prints the
 * current snapshot's XML (its name with --name), or makes SNAPSHOT the current one.
 */
public final class SnapshotCurrentCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> snapshot = optionalParameter("SNAPSHOT", String.class,
            "Make this snapshot the current one.");
    private final Flag name = flag("--name", "Print only the name.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public SnapshotCurrentCommand() {
        super("snapshot-current", "Get or set the current snapshot.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (snapshot.get() != null) {
            if (name.get() || securityInfo.get()) {
                throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT,
                        "--name and --security-info do not go with a snapshot to make current.");
            }
            SnapshotInfo s = client.snapshots().setCurrent(domain.get(), snapshot.get());
            return report(s, "Snapshot " + s.name() + " set as current");
        }
        SnapshotInfo s;
        try {
            s = client.snapshots().current(domain.get());
        } catch (JvirtClientException e) {
            if (e.code() == ErrorCode.NOT_FOUND && json()) {
                printJson(null);
                return 0;
            }
            throw e;
        }
        if (json()) {
            printJson(s);
        } else if (name.get()) {
            out().println(s.name());
            out().flush();
        } else {
            printXml(client.snapshots().xml(domain.get(), s.name(), securityInfo.get()));
        }
        return 0;
    }
}
