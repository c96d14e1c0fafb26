package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.XmlEditor;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.snapshot.SnapshotXml;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code jvirt snapshot-edit DOMAIN [SNAPSHOT | --current] [--rename | --clone]}: opens the
 * snapshot's XML in {@code $VISUAL}/{@code $EDITOR} and redefines it (as virsh: a new name
 * needs --rename, which drops the old metadata, or --clone, which keeps it).
 */
public final class SnapshotEditCommand extends SnapshotVerb {
    private final Flag rename = flag("--rename", "Allow the name to change; the old name goes.");
    private final Flag clone = flag("--clone", "Allow the name to change; the old one stays.");

    public SnapshotEditCommand() {
        super("snapshot-edit", "Edit a snapshot's XML in $EDITOR and redefine it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (rename.get() && clone.get()) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "--rename and --clone exclude each other.");
        }
        String dom = domain.get();
        String name = snapshotName(client);
        SnapshotInfo before = client.snapshots().info(dom, name);
        Set<String> flags = new LinkedHashSet<>(Set.of("redefine"));
        if (before.current()) {
            flags.add("current");
        }
        XmlEditor.Outcome<SnapshotInfo> outcome = XmlEditor.fromEnvironment().edit(
                client.snapshots().xml(dom, name, true), xml -> {
                    String edited;
                    try {
                        edited = SnapshotXml.parse(xml).name();
                    } catch (ConfException e) {
                        throw new JvirtClientException(ErrorCode.INVALID_DEFINITION, e.getMessage());
                    }
                    if (!name.equals(edited) && !rename.get() && !clone.get()) {
                        throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "Must use --rename or --clone "
                                + "to change " + name + " to " + edited + ".");
                    }
                    return client.snapshots().create(dom, xml, flags);
                });
        return switch (outcome) {
            case XmlEditor.Unchanged<SnapshotInfo> u ->
                    report(before, "Snapshot " + name + " XML configuration not changed.");
            case XmlEditor.Changed<SnapshotInfo> c -> {
                SnapshotInfo after = c.value();
                if (!after.name().equals(name) && rename.get()) {
                    client.snapshots().delete(dom, name, Set.of("metadata-only"));
                }
                yield report(after, after.name().equals(name) ? "Snapshot " + name + " edited."
                        : "Snapshot " + name + (rename.get() ? " renamed" : " cloned") + " to " + after.name() + ".");
            }
        };
    }
}
