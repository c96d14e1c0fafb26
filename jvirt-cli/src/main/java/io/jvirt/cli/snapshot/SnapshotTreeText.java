package io.jvirt.cli.snapshot;

import io.jvirt.api.SnapshotInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** virsh's tree layout ({@code vshTreePrint}): children under {@code |} and {@code +- }, a blank line after each branch. */
final class SnapshotTreeText {
    private SnapshotTreeText() {
    }

    /** The tree of {@code snapshots}; one whose parent is not among them is a root. */
    static String render(List<SnapshotInfo> snapshots) {
        Set<String> present = snapshots.stream().map(SnapshotInfo::name).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder();
        for (SnapshotInfo s : snapshots) {
            if (s.parent() == null || !present.contains(s.parent())) {
                print(out, snapshots, s, s, true, new StringBuilder());
            }
        }
        return out.toString();
    }

    private static void print(StringBuilder out, List<SnapshotInfo> all, SnapshotInfo node, SnapshotInfo last,
                              boolean root, StringBuilder indent) {
        out.append(indent).append(root ? "" : "+- ").append(node.name()).append('\n');
        if (!root) {
            indent.append(node == last ? ' ' : '|').append(' ');
        }
        List<SnapshotInfo> children = new ArrayList<>();
        for (SnapshotInfo s : all) {
            if (node.name().equals(s.parent())) {
                children.add(s);
            }
        }
        SnapshotInfo lastChild = children.isEmpty() ? null : children.getLast();
        if (lastChild != null) {
            out.append(indent).append("  |\n");
        }
        indent.append("  ");
        for (SnapshotInfo c : children) {
            print(out, all, c, lastChild, false, indent);
        }
        indent.setLength(indent.length() - 2);
        if (lastChild == null && node == last) {
            out.append(indent).append('\n');
        }
        if (!root) {
            indent.setLength(indent.length() - 2);
        }
    }
}
