package io.jvirt.daemon.domain;

import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which snapshots a listing wants: libvirt's {@code VIR_DOMAIN_SNAPSHOT_LIST_*} flags, applied
 * as libvirt applies them ({@code virDomainSnapshotObjListGetNames}). Within a group (leaves
 * and non-leaves, the states, the locations) the flags given add up; no flag of a group means
 * no filtering by it.
 *
 * @param flags the filters
 * @param from list the children of this snapshot instead of all (null for all)
 */
public record SnapshotFilter(Set<Flag> flags, String from) {

    /** libvirt's listing flags. */
    public enum Flag {
        ROOTS, DESCENDANTS, LEAVES, NO_LEAVES, METADATA, NO_METADATA, INACTIVE, ACTIVE, DISK_ONLY, INTERNAL,
        EXTERNAL, TOPOLOGICAL
    }

    public SnapshotFilter {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    /** The snapshots of {@code tree} this filter keeps, parents before children (topological). */
    List<SnapshotDef> apply(SnapshotTree tree) {
        List<SnapshotDef> base;
        if (from != null) {
            base = flags.contains(Flag.DESCENDANTS) ? tree.descendants(from) : tree.children(from);
        } else if (flags.contains(Flag.ROOTS)) {
            base = tree.all().stream().filter(s -> tree.isRoot(s.name())).toList();
        } else {
            base = tree.all();
        }
        List<SnapshotDef> out = new ArrayList<>();
        for (SnapshotDef s : base) {
            if (keeps(tree, s)) {
                out.add(s);
            }
        }
        return out;
    }

    private boolean keeps(SnapshotTree tree, SnapshotDef s) {
        boolean leaves = flags.contains(Flag.LEAVES);
        boolean noLeaves = flags.contains(Flag.NO_LEAVES);
        if (leaves != noLeaves) {
            boolean leaf = tree.isLeaf(s.name());
            if (leaves != leaf) {
                return false;
            }
        }
        if (flags.contains(Flag.NO_METADATA) && !flags.contains(Flag.METADATA)) {
            return false; // every snapshot the daemon lists has metadata
        }
        boolean inactive = flags.contains(Flag.INACTIVE);
        boolean active = flags.contains(Flag.ACTIVE);
        boolean diskOnly = flags.contains(Flag.DISK_ONLY);
        if (inactive || active || diskOnly) {
            SnapshotState st = s.state();
            if (!inactive && st == SnapshotState.SHUTOFF) {
                return false;
            }
            if (!diskOnly && st == SnapshotState.DISK_SNAPSHOT) {
                return false;
            }
            if (!active && st != SnapshotState.SHUTOFF && st != SnapshotState.DISK_SNAPSHOT) {
                return false;
            }
        }
        boolean internal = flags.contains(Flag.INTERNAL);
        boolean external = flags.contains(Flag.EXTERNAL);
        if (internal || external) {
            if (!internal && !s.external()) {
                return false;
            }
            if (!external && s.external()) {
                return false;
            }
        }
        return true;
    }
}
