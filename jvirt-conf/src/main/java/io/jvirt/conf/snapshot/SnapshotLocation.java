package io.jvirt.conf.snapshot;

import io.jvirt.conf.xml.XmlEnum;

/** Where a disk's or the memory's snapshot goes (the {@code snapshot} attribute). */
public enum SnapshotLocation implements XmlEnum {
    /** Not captured. */
    NO("no"),
    /** Inside the image (a qcow2 internal snapshot). */
    INTERNAL("internal"),
    /** In a new file: an overlay on the image for a disk, a file for the memory. */
    EXTERNAL("external"),
    /** The user snapshots the storage while the domain is paused (libvirt 8.2). */
    MANUAL("manual");

    private final String xml;

    SnapshotLocation(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
