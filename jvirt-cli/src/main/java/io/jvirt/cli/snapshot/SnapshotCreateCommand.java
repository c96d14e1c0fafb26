package io.jvirt.cli.snapshot;

import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code jvirt snapshot-create DOMAIN [XMLFILE] [--redefine [--current]] [--no-metadata] [--halt]
 * [--disk-only] [--reuse-external] [--quiesce] [--atomic] [--live] [--validate]}: a snapshot
 * from libvirt's snapshot XML (the defaults without a file), as virsh.
 */
public final class SnapshotCreateCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<Path> file = optionalParameter("XMLFILE", Path.class, "The <domainsnapshot> document.");
    private final SnapshotCreateFlags flags = new SnapshotCreateFlags(this::flag);
    private final Flag redefine = flag("--redefine", "Record the snapshot described in full (take nothing).");
    private final Flag current = flag("--current", "With --redefine: make it the current snapshot.");
    private final Flag validate = flag("--validate", "Check the document against libvirt's schema.");

    public SnapshotCreateCommand() {
        super("snapshot-create", "Create a snapshot from XML.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String xml = file.get() == null ? "<domainsnapshot/>" : Files.readString(file.get());
        Set<String> f = flags.given();
        if (redefine.get()) {
            f.add("redefine");
        }
        if (current.get()) {
            f.add("current");
        }
        if (validate.get()) {
            f.add("validate");
        }
        SnapshotInfo s = client.snapshots().create(domain.get(), xml, f);
        return report(s, "Domain snapshot " + s.name() + " created"
                + (file.get() == null ? "" : " from '" + file.get() + "'"));
    }
}
