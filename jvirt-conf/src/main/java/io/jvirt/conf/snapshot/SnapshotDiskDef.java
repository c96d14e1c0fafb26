package io.jvirt.conf.snapshot;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

import java.util.Set;

/**
 * One {@code <disk>} of a snapshot's {@code <disks>}: how it is captured and, for an external
 * snapshot, the overlay file that receives its writes from then on.
 *
 * @param name the disk's target ({@code vda}), or the path of its source, as given
 * @param snapshot where its snapshot goes; null to take the domain's default
 * @param type the overlay's storage type (file or block), null when no source and no driver are given
 * @param source the overlay's path, or null
 * @param format the overlay's format ({@code <driver type>}), or null
 * @param metadataCacheMaxSize the qcow2 metadata cache limit in bytes, or null
 */
public record SnapshotDiskDef(String name, SnapshotLocation snapshot, SourceType type, String source, String format,
                              Long metadataCacheMaxSize) {

    /** The image formats libvirt knows as a {@code <driver type>} (storageFormatBacking). */
    static final Set<String> FORMATS = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
            "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "luks", "vhdx", "none");

    /** Checks libvirt's rules, and makes a disk with a source or a format external. */
    public SnapshotDiskDef {
        if (name == null || name.isBlank()) {
            throw new ConfException(Kind.MISSING_VALUE, "A snapshot <disk> needs a name: its target such as 'vda'.");
        }
        if (source != null && !source.startsWith("/")) {
            throw new ConfException(Kind.INVALID_VALUE, "The snapshot image path '" + source + "' of disk '" + name
                    + "' must be absolute.");
        }
        if (format != null && !FORMATS.contains(format)) {
            throw new ConfException(Kind.UNSUPPORTED, "The snapshot driver type '" + format + "' of disk '" + name
                    + "' is not a disk image format; use qcow2.");
        }
        if (snapshot == null && (source != null || format != null)) {
            snapshot = SnapshotLocation.EXTERNAL;
        }
        if (type == null && (source != null || format != null)) {
            type = SourceType.FILE;
        }
        if (metadataCacheMaxSize != null && metadataCacheMaxSize < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The metadata cache size of snapshot disk '" + name
                    + "' must be at least 1 byte.");
        }
    }

    /** A disk as the snapshot's defaults give it, with its location. */
    public static SnapshotDiskDef of(String name, SnapshotLocation snapshot) {
        return new SnapshotDiskDef(name, snapshot, null, null, null, null);
    }

    /** This disk with another location. */
    public SnapshotDiskDef withSnapshot(SnapshotLocation location) {
        return new SnapshotDiskDef(name, location, type, source, format, metadataCacheMaxSize);
    }

    /** This disk under another name (its target, when it was named by its source). */
    public SnapshotDiskDef withName(String newName) {
        return new SnapshotDiskDef(newName, snapshot, type, source, format, metadataCacheMaxSize);
    }

    /** This disk with its overlay's file and format. */
    public SnapshotDiskDef withOverlay(SourceType newType, String path, String newFormat) {
        return new SnapshotDiskDef(name, snapshot, newType, path, newFormat, metadataCacheMaxSize);
    }

    /** The overlay's storage type. */
    public enum SourceType implements XmlEnum {
        /** A file: {@code <source file>}. */
        FILE("file"),
        /** A block device: {@code <source dev>}. */
        BLOCK("block");

        private final String xml;

        SourceType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
