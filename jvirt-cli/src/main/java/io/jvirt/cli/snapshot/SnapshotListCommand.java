package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code jvirt snapshot-list DOMAIN [--parent] [--roots] [--leaves] [--no-leaves] [--metadata]
 * [--no-metadata] [--inactive] [--active] [--disk-only] [--internal] [--external] [--tree]
 * [--from NAME | --current] [--descendants] [--name] [--topological]}: virsh's table (by name
 * unless --topological), names, or tree.
 */
public final class SnapshotListCommand extends ClientVerb {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag parent = flag("--parent", "Add a column with each snapshot's parent.");
    private final Flag roots = flag("--roots", "Only snapshots without a parent.");
    private final Flag leaves = flag("--leaves", "Only snapshots without children.");
    private final Flag noLeaves = flag("--no-leaves", "Only snapshots with children.");
    private final Flag metadata = flag("--metadata", "Only snapshots with metadata.");
    private final Flag noMetadata = flag("--no-metadata", "Only snapshots without metadata (jvirt lists none).");
    private final Flag inactive = flag("--inactive", "Only snapshots of the domain shut off.");
    private final Flag active = flag("--active", "Only snapshots of the running domain with its memory.");
    private final Flag diskOnly = flag("--disk-only", "Only disk-only snapshots.");
    private final Flag internal = flag("--internal", "Only internal snapshots.");
    private final Flag external = flag("--external", "Only external snapshots.");
    private final Flag tree = flag("--tree", "Show the snapshots as a tree.");
    private final Value<String> from = option("--from", "NAME", "Only the children of this snapshot.");
    private final Flag current = flag("--current", "Only the children of the current snapshot.");
    private final Flag descendants = flag("--descendants", "With --from or --current: all descendants.");
    private final Flag names = flag("--name", "Only the names.");
    private final Flag topological = flag("--topological", "Parents before children rather than by name.");

    public SnapshotListCommand() {
        super("snapshot-list", "List a domain's snapshots.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        List<String> problems = new ArrayList<>();
        exclusive(problems, tree, "--tree", names, "--name");
        exclusive(problems, parent, "--parent", roots, "--roots");
        exclusive(problems, parent, "--parent", tree, "--tree");
        exclusive(problems, roots, "--roots", tree, "--tree");
        exclusive(problems, roots, "--roots", current, "--current");
        if (roots.get() && from.get() != null) {
            problems.add("--roots and --from exclude each other.");
        }
        if (from.get() != null && current.get()) {
            problems.add("--from and --current exclude each other.");
        }
        if (descendants.get() && from.get() == null && !current.get()) {
            problems.add("--descendants needs --from or --current.");
        }
        if (tree.get()) {
            for (Object[] f : new Object[][] {{leaves, "--leaves"}, {noLeaves, "--no-leaves"},
                    {inactive, "--inactive"}, {active, "--active"}, {diskOnly, "--disk-only"},
                    {internal, "--internal"}, {external, "--external"}}) {
                if (((Flag) f[0]).get()) {
                    problems.add(f[1] + " and --tree exclude each other.");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, String.join(" ", problems));
        }
        String start = from.get();
        if (current.get()) {
            start = client.snapshots().current(domain.get()).name();
        }
        Set<String> f = SnapshotVerb.given(roots, "roots", leaves, "leaves", noLeaves, "no-leaves",
                metadata, "metadata", noMetadata, "no-metadata", inactive, "inactive", active, "active",
                diskOnly, "disk-only", internal, "internal", external, "external", descendants, "descendants",
                topological, "topological");
        List<SnapshotInfo> list = new ArrayList<>(client.snapshots().list(domain.get(), f, start));
        if (!topological.get() && !tree.get()) {
            list.sort(Comparator.comparing(SnapshotInfo::name));
        }
        if (json()) {
            printJson(list);
            return 0;
        }
        if (tree.get()) {
            out().print(SnapshotTreeText.render(list));
            out().flush();
            return 0;
        }
        if (names.get()) {
            for (SnapshotInfo s : list) {
                out().println(s.name());
            }
            out().println();
            out().flush();
            return 0;
        }
        Table t = parent.get() ? new Table("Name", "Creation Time", "State", "Parent")
                : new Table("Name", "Creation Time", "State");
        for (SnapshotInfo s : list) {
            String time = TIME.format(Instant.ofEpochSecond(s.creationTime()).atZone(ZoneId.systemDefault()));
            if (parent.get()) {
                t.row(s.name(), time, s.state(), s.parent() == null ? "" : s.parent());
            } else {
                t.row(s.name(), time, s.state());
            }
        }
        print(t);
        return 0;
    }

    private static void exclusive(List<String> problems, Flag a, String an, Flag b, String bn) {
        if (a.get() && b.get()) {
            problems.add(an + " and " + bn + " exclude each other.");
        }
    }
}
