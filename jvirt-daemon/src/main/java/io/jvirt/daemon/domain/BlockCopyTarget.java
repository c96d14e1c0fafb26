package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.daemon.DaemonException;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;

import java.nio.file.Path;
import java.util.List;

/**
 * A block copy's destination: a file given by path (and format), or the disk that a
 * {@code --xml} document describes, a file or a storage volume; and the image made for it
 * (unless reused): qcow2 or raw of the disk's size, a shallow qcow2 copy over the source's
 * backing. Images are made with the image engine, which refuses a file another process uses.
 */
final class BlockCopyTarget {
    private BlockCopyTarget() {
    }

    /**
     * The destination as a disk of the domain (same target as {@code disk}), before its volume
     * is resolved.
     */
    static DiskDef describe(DiskDef disk, String dest, String format, String destXml) {
        if (dest != null && destXml != null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Give the copy's destination either as a file or "
                    + "with --xml, not both.");
        }
        if (dest == null && destXml == null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "A block copy needs a destination: a file (DEST or "
                    + "--dest) or a disk XML (--xml).");
        }
        DiskFormat fmt = format == null ? null : parseFormat(format);
        if (dest != null) {
            if (!Path.of(dest).isAbsolute()) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The copy's destination " + dest
                        + " is not an absolute path.");
            }
            StorageSource s = new StorageSource(new DiskSource.File(dest), fmt == null ? disk.format() : fmt, null, null,
                    null, List.of(), null, null, null, null);
            return disk.toBuilder().source(s).build();
        }
        String xml = destXml.contains("<target") ? destXml
                : destXml.replaceFirst("</disk>", "<target dev='" + disk.target().dev() + "'/></disk>");
        DeviceDef parsed;
        try {
            parsed = DomainXml.parseDevice(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The copy's destination XML is not a valid disk: "
                    + e.getMessage(), e);
        }
        if (!(parsed instanceof DiskDef d) || d.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The copy's destination XML must be a <disk> with a "
                    + "<source> (a file or a storage volume).");
        }
        if (!(d.location() instanceof DiskSource.File) && d.volume() == null) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "jvirt copies disks to files and storage volumes only; "
                    + "the destination XML names another kind of source.");
        }
        StorageSource s = d.source();
        DiskFormat chosen = fmt != null ? fmt : s.format() != null ? s.format() : null;
        StorageSource top = new StorageSource(s.location(), chosen, null, null, null, List.of(), null, null, null, null);
        return disk.toBuilder().source(top).build();
    }

    private static DiskFormat parseFormat(String word) {
        for (DiskFormat f : DiskFormat.values()) {
            if (f.xml().equals(word)) {
                if (f != DiskFormat.QCOW2 && f != DiskFormat.RAW) {
                    break;
                }
                return f;
            }
        }
        throw new DaemonException(ErrorCode.UNSUPPORTED, "jvirt copies disks to qcow2 or raw images, not '" + word
                + "'.");
    }

    /**
     * Makes the destination image: {@code size} bytes, over {@code backing} (format
     * {@code backingFormat}) for a shallow qcow2 copy, else standing alone.
     */
    static void create(Path file, DiskFormat format, long size, String backing, String backingFormat) {
        if (format == DiskFormat.RAW && backing != null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "A shallow copy keeps the source's backing image, "
                    + "which a raw destination cannot have; copy to qcow2 or copy the whole chain.");
        }
        ImageFormat f = format == DiskFormat.RAW ? ImageFormat.RAW : ImageFormat.QCOW2;
        CreateOptions.Builder b = CreateOptions.builder(f, size);
        if (backing != null) {
            b.backingFile(backing).backingFormat(backingFormat == null ? null : ImageFormat.parse(backingFormat));
        }
        try {
            Images.create(file, b.build());
        } catch (ImageException e) {
            throw SnapshotImages.failed(file, e);
        }
        SnapshotImages.sync(file);
    }
}
