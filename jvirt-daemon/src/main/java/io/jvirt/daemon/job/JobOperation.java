package io.jvirt.daemon.job;

/** What a job does: libvirt's job operations ({@code virDomainJobOperation}), as domjobinfo names them. */
public enum JobOperation {
    /** Not known. */
    UNKNOWN("Unknown"),
    /** Starting the domain. */
    START("Start"),
    /** Saving the domain's memory to a file. */
    SAVE("Save"),
    /** Restoring the domain from a save file. */
    RESTORE("Restore"),
    /** Receiving a migrating domain. */
    MIGRATION_IN("Incoming migration"),
    /** Sending the domain to another host. */
    MIGRATION_OUT("Outgoing migration"),
    /** Creating a snapshot. */
    SNAPSHOT("Snapshot"),
    /** Reverting to a snapshot. */
    SNAPSHOT_REVERT("Snapshot revert"),
    /** Dumping the guest's memory. */
    DUMP("Dump"),
    /** A backup. */
    BACKUP("Backup"),
    /** Deleting a snapshot. */
    SNAPSHOT_DELETE("Snapshot delete"),
    /** A block job (commit, pull, copy) of one disk; jvirt's own, libvirt keeps these apart from domain jobs. */
    BLOCK_JOB("Block job");

    private final String label;

    JobOperation(String label) {
        this.label = label;
    }

    /** The word virsh's domjobinfo prints, such as {@code Snapshot revert}. */
    public String label() {
        return label;
    }
}
