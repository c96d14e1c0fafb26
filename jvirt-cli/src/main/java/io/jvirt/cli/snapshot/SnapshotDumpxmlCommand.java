package io.jvirt.cli.snapshot;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/** {@code jvirt snapshot-dumpxml DOMAIN SNAPSHOT [--security-info]}: libvirt's snapshot XML. */
public final class SnapshotDumpxmlCommand extends ClientVerb {
    private final XpathOptions xpath = xpathOptions();
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> snapshot = parameter("SNAPSHOT", "The snapshot's name.");
    private final Flag securityInfo = flag("--security-info", "Include security-sensitive information (passwords).");

    public SnapshotDumpxmlCommand() {
        super("snapshot-dumpxml", "Print a snapshot's XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        printXml(xpath.apply(client.snapshots().xml(domain.get(), snapshot.get(), securityInfo.get())));
        return 0;
    }
}
