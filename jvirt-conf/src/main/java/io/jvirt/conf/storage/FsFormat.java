package io.jvirt.conf.storage;

import io.jvirt.conf.xml.XmlEnum;

/** The file system of an {@code fs} pool's device ({@code <source><format type>}). */
public enum FsFormat implements XmlEnum {
    /** Let mount(8) detect it; a pool with this format cannot be built. */
    AUTO("auto"),
    /** ext4. */
    EXT4("ext4"),
    /** XFS; reflink clones work when it was made with {@code -m reflink=1} (the default of recent mkfs.xfs). */
    XFS("xfs"),
    /** Btrfs; reflink clones always work. */
    BTRFS("btrfs");

    private final String xml;

    FsFormat(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
