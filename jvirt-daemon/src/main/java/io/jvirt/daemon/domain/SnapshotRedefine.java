package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.conf.snapshot.SnapshotState;
import io.jvirt.daemon.DaemonException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records a snapshot described in full, taking nothing ({@code snapshot-create --redefine},
 * and {@code snapshot-edit}, {@code snapshot-current NAME} through it): libvirt's
 * {@code virDomainSnapshotRedefinePrep} checks, then the metadata. Job lock held.
 */
final class SnapshotRedefine {
    private SnapshotRedefine() {
    }

    static String redefine(SnapshotSteps steps, DomainObj obj, SnapshotDef s, boolean makeCurrent, boolean diskOnly) {
        List<String> problems = new ArrayList<>();
        if (s.name() == null) {
            problems.add("A redefined snapshot must have a <name>.");
        }
        if (s.creationTime() == null) {
            problems.add("A redefined snapshot must have its <creationTime>.");
        }
        if (s.state() == null) {
            problems.add("A redefined snapshot must have its <state>.");
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, String.join(" ", problems));
        }
        if (s.name().contains("/") || s.name().startsWith(".")) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The snapshot name '" + s.name()
                    + "' cannot contain '/' or start with '.': it names a file.");
        }
        if (diskOnly && s.state() != SnapshotState.DISK_SNAPSHOT) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--disk-only for snapshot " + s.name()
                    + " needs the state disk-snapshot.");
        }
        if (s.owner() != null && !s.owner().equals(obj.uuid())) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The definition of snapshot " + s.name()
                    + " must use the UUID " + obj.uuid() + " of domain '" + obj.name() + "', not " + s.owner() + ".");
        }
        SnapshotTree tree = obj.snapshots();
        checkCycles(tree, s);
        SnapshotDef other = tree.get(s.name());
        if (other != null) {
            if (other.state().active() != s.state().active()) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Snapshot " + s.name() + " cannot change between "
                        + "an online and an offline state.");
            }
            if ((other.state() == SnapshotState.DISK_SNAPSHOT) != (s.state() == SnapshotState.DISK_SNAPSHOT)) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Snapshot " + s.name() + " cannot change between "
                        + "disk-only and full system.");
            }
        }
        SnapshotDef aligned = align(s, other);
        steps.record(obj, aligned, makeCurrent);
        return aligned.name();
    }

    /** libvirt's virDomainSnapshotCheckCycles: the parent must not be the snapshot or one of its descendants. */
    private static void checkCycles(SnapshotTree tree, SnapshotDef s) {
        if (s.parent() == null) {
            return;
        }
        if (s.parent().equals(s.name())) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Snapshot " + s.name()
                    + " cannot be its own parent.");
        }
        Set<String> below = new HashSet<>();
        tree.descendants(s.name()).forEach(d -> below.add(d.name()));
        if (below.contains(s.parent())) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The parent " + s.parent() + " would make a cycle: it "
                    + "descends from snapshot " + s.name() + ".");
        }
    }

    /**
     * libvirt aligns a redefined snapshot's disks with its domain (all internal, or external
     * when it is a disk-only or external one); without a domain inside, with the one it had.
     */
    private static SnapshotDef align(SnapshotDef s, SnapshotDef other) {
        var dom = s.domain() != null ? s.domain() : other == null ? null : other.domain();
        if (dom == null) {
            return s;
        }
        SnapshotLocation dflt = s.state() == SnapshotState.DISK_SNAPSHOT || s.external()
                ? SnapshotLocation.EXTERNAL : SnapshotLocation.INTERNAL;
        List<String> problems = new ArrayList<>();
        List<SnapshotDiskDef> disks = SnapshotPlanner.align(dom, s.disks(), dflt, s.name(), problems);
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Snapshot " + s.name() + " cannot be redefined: "
                    + String.join(" ", problems));
        }
        return s.toBuilder().disks(disks).build();
    }
}
