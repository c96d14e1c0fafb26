package io.jvirt.daemon.domain;

import java.util.Set;

/**
 * Every operation that changes a domain's snapshots, as a value (virsh's snapshot verbs that
 * change something). Front ends parse their input into one; {@link DomainService#execute(SnapshotCommand)}
 * dispatches it to the {@link SnapshotService}.
 */
public sealed interface SnapshotCommand {
    /** The domain: name, UUID or id. */
    String ref();

    /**
     * Takes a snapshot (or, with {@link CreateFlag#REDEFINE}, records one described in full).
     *
     * @param xml the {@code <domainsnapshot>} document ({@code <domainsnapshot/>} for the defaults)
     */
    record Create(String ref, String xml, Set<CreateFlag> flags) implements SnapshotCommand {
        public Create {
            flags = Set.copyOf(flags);
        }
    }

    /** Makes an existing snapshot the current one ({@code snapshot-current NAME}). */
    record SetCurrent(String ref, String name) implements SnapshotCommand { }

    /** Reverts the domain to a snapshot. */
    record Revert(String ref, String name, Set<RevertFlag> flags) implements SnapshotCommand {
        public Revert {
            flags = Set.copyOf(flags);
        }
    }

    /** Deletes a snapshot, its children, or only their metadata. */
    record Delete(String ref, String name, Set<DeleteFlag> flags) implements SnapshotCommand {
        public Delete {
            flags = Set.copyOf(flags);
        }
    }

    /** libvirt's {@code VIR_DOMAIN_SNAPSHOT_CREATE_*} flags. */
    enum CreateFlag {
        /** Record a snapshot described in full, taking nothing. */
        REDEFINE,
        /** With REDEFINE: make it the current snapshot. */
        CURRENT,
        /** Take the snapshot but keep no metadata. */
        NO_METADATA,
        /** Stop the domain once the snapshot is taken. */
        HALT,
        /** Disks only, external overlays, no memory. */
        DISK_ONLY,
        /** Use overlay and memory files that exist already. */
        REUSE_EXTERNAL,
        /** Freeze the guest's file systems through its agent while the disks are captured. */
        QUIESCE,
        /** All disks or none (jvirt's snapshots always are). */
        ATOMIC,
        /** Capture the memory while the guest runs. */
        LIVE,
        /** Check the document against libvirt's schema first. */
        VALIDATE
    }

    /** libvirt's {@code VIR_DOMAIN_SNAPSHOT_REVERT_*} flags. */
    enum RevertFlag {
        /** Run the domain afterwards, whatever the snapshot's state. */
        RUNNING,
        /** Leave it paused afterwards. */
        PAUSED,
        /** Revert even when it is risky. */
        FORCE,
        /** Start from a fresh copy of the firmware's variables. */
        RESET_NVRAM
    }

    /** libvirt's {@code VIR_DOMAIN_SNAPSHOT_DELETE_*} flags. */
    enum DeleteFlag {
        /** The snapshot and all its descendants. */
        CHILDREN,
        /** Only its descendants. */
        CHILDREN_ONLY,
        /** Only the metadata; the images keep what they hold. */
        METADATA_ONLY
    }
}
