package io.jvirt.conf.snapshot;

import io.jvirt.conf.xml.XmlEnum;

/** The domain's state when the snapshot was taken ({@code <state>}); {@code disk-snapshot} for a disk-only one. */
public enum SnapshotState implements XmlEnum {
    RUNNING("running"),
    BLOCKED("blocked"),
    PAUSED("paused"),
    SHUTDOWN("shutdown"),
    SHUTOFF("shutoff"),
    CRASHED("crashed"),
    /** Only the disks were captured; reverting to it leaves the domain off. */
    DISK_SNAPSHOT("disk-snapshot"),
    PMSUSPENDED("pmsuspended");

    private final String xml;

    SnapshotState(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }

    /** Whether the snapshot holds the VM's memory (it was taken of a running or paused domain with memory). */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }

    /** Whether it was taken with the domain off, or of the disks only: no memory state then. */
    public boolean offline() {
        return this == SHUTOFF || this == DISK_SNAPSHOT;
    }
}
