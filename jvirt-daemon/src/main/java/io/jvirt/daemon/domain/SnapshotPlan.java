package io.jvirt.daemon.domain;

import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;

import java.util.List;

/**
 * What a snapshot creation will do, decided before anything is touched ({@link SnapshotPlanner}).
 *
 * @param snapshot the snapshot as it will be recorded: named, with its state, parent, creation time,
 *                 every disk aligned to the domain's, and the domain inside
 * @param kind internal (everything inside the images) or external (overlays, a memory file)
 * @param active whether the domain runs (QEMU takes it) or not (the image engine does)
 */
record SnapshotPlan(SnapshotDef snapshot, Kind kind, boolean active) {

    /** Where the snapshot goes. */
    enum Kind {
        /** qcow2 internal snapshots in every image, the VM state beside the metadata. */
        INTERNAL,
        /** New overlays on the disks, the VM state (if any) in a memory file. */
        EXTERNAL
    }

    /** The disks that are captured (not {@code snapshot='no'}), in the domain's order. */
    List<SnapshotDiskDef> captured() {
        return snapshot.disks().stream().filter(d -> d.snapshot() != SnapshotLocation.NO).toList();
    }

    /** Whether the VM's memory is captured. */
    boolean withMemory() {
        return snapshot.memory() != null && snapshot.memory().snapshot() != SnapshotLocation.NO;
    }
}
