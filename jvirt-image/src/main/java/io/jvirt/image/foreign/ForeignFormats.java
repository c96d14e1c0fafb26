package io.jvirt.image.foreign;

import io.jvirt.image.FormatProbe;
import io.jvirt.image.ImageException;
import io.jvirt.image.qcow.QcowImage;
import io.jvirt.image.qed.QedImage;
import io.jvirt.image.vdi.VdiImage;
import io.jvirt.image.vhd.VhdImage;
import io.jvirt.image.vhdx.VhdxImage;
import io.jvirt.image.vmdk.VmdkImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises foreign image formats by their magic bytes, never by file name (through
 * {@link FormatProbe}, the engine's one probe), and opens the matching reader.
 *
 * <ul>
 *   <li>VMDK: "KDMV" at offset 0 (hosted sparse and stream-optimized extents), or a text
 *       descriptor whose first setting is {@code version=1}, {@code 2} or {@code 3};</li>
 *   <li>VDI: signature 0xbeda107f at offset 0x40;</li>
 *   <li>VHD: "conectix" in the last 512 bytes (every VHD) or at offset 0 (dynamic);</li>
 *   <li>VHDX: "vhdxfile" at offset 0;</li>
 *   <li>QED: "QED\0" at offset 0;</li>
 *   <li>qcow (version 1): "QFI\xfb" and version 1 at offset 0.</li>
 * </ul>
 */
public final class ForeignFormats {

    private static final int VMDK_MAGIC = 0x564d444b;
    private static final int VMDK3_MAGIC = 0x44574f43;
    private static final int PROBE_BYTES = FormatProbe.SECTOR;

    /** The format a file's magic bytes announce. */
    public enum Kind {
        /** A VMDK sparse or stream-optimized extent. */
        VMDK,
        /** A VMDK text descriptor that refers to extents in other files. */
        VMDK_DESCRIPTOR,
        /** A VirtualBox disk image. */
        VDI,
        /** A Virtual PC / Hyper-V disk image. */
        VHD,
        /** A Hyper-V VHDX disk image. */
        VHDX,
        /** A QEMU enhanced disk. */
        QED,
        /** A QEMU copy-on-write version 1 image. */
        QCOW
    }

    private ForeignFormats() {
    }

    /**
     * Opens {@code path} if its magic bytes announce a foreign format.
     *
     * @param path the file to examine
     * @return the open image, which the caller must close, or empty when no foreign magic
     *     is present (the file may be raw, qcow2, or anything else)
     * @throws ImageException if the file cannot be read, or carries a foreign magic
     *     but is malformed or uses an unsupported feature
     */
    public static Optional<ForeignImage> probe(Path path) {
        ImageFile file = ImageFile.open(path, "disk image");
        try {
            Optional<Kind> kind = detect(file);
            if (kind.isEmpty()) {
                file.close();
                return Optional.empty();
            }
            return Optional.of(open(file, kind.get()));
        } catch (RuntimeException | Error e) {
            closeQuietly(file, e);
            throw e;
        }
    }

    /**
     * Opens {@code path}, which must be in a foreign format.
     *
     * @throws ImageException of kind {@link ImageException.Kind#UNKNOWN_FORMAT}
     *     if no foreign magic is present, or as {@link #probe}
     */
    public static ForeignImage open(Path path) {
        Optional<ForeignImage> image = probe(path);
        if (image.isEmpty()) {
            throw new ImageException(ImageException.Kind.UNKNOWN_FORMAT, path,
                    "image " + path + " is not a VMDK, VDI, VHD, VHDX, QED or qcow file, because none of their"
                            + " magic bytes is present.");
        }
        return image.get();
    }

    /**
     * Opens {@code path} as the format the caller declares, whatever its magic bytes say; a
     * declared VMDK is a sparse extent or a text descriptor by its first bytes.
     *
     * @param path the file
     * @param kind the declared format
     * @return the open image, which the caller must close
     * @throws ImageException if the file is not a valid image of that format
     */
    public static ForeignImage open(Path path, Kind kind) {
        ImageFile file = ImageFile.open(path, "disk image");
        try {
            Kind k = kind;
            if (k == Kind.VMDK || k == Kind.VMDK_DESCRIPTOR) {
                ByteBuffer head = file.read(0, (int) Math.min(4, file.size()), ByteOrder.LITTLE_ENDIAN, "the magic");
                int magic = head.capacity() == 4 ? head.getInt(0) : 0;
                k = magic == VMDK_MAGIC || magic == VMDK3_MAGIC ? Kind.VMDK : Kind.VMDK_DESCRIPTOR;
            }
            return open(file, k);
        } catch (RuntimeException | Error e) {
            closeQuietly(file, e);
            throw e;
        }
    }

    /**
     * Reports which foreign format the magic bytes of {@code path} announce, without
     * validating the rest of the file.
     */
    public static Optional<Kind> detect(Path path) {
        try (ImageFile file = ImageFile.open(path, "disk image")) {
            return detect(file);
        }
    }

    private static Optional<Kind> detect(ImageFile file) {
        long size = file.size();
        int headLength = (int) Math.min(PROBE_BYTES, size);
        ByteBuffer head = file.read(0, headLength, ByteOrder.LITTLE_ENDIAN, "the first sector");
        byte[] tail = size < PROBE_BYTES ? null
                : file.read(size - PROBE_BYTES, PROBE_BYTES, ByteOrder.BIG_ENDIAN, "the last sector").array();
        return switch (FormatProbe.detect(head.array(), tail)) {
            case VMDK -> Optional.of(headLength >= 4 && (head.getInt(0) == VMDK_MAGIC
                    || head.getInt(0) == VMDK3_MAGIC) ? Kind.VMDK : Kind.VMDK_DESCRIPTOR);
            case VDI -> Optional.of(Kind.VDI);
            case VPC -> Optional.of(Kind.VHD);
            case VHDX -> Optional.of(Kind.VHDX);
            case QED -> Optional.of(Kind.QED);
            case QCOW -> Optional.of(Kind.QCOW);
            case RAW, QCOW2, PARALLELS, DMG, CLOOP, BOCHS, LUKS -> Optional.empty();
        };
    }

    private static ForeignImage open(ImageFile file, Kind kind) {
        return switch (kind) {
            case VMDK -> vmdk(file);
            case VDI -> VdiImage.open(file);
            case VHD -> VhdImage.open(file);
            case VMDK_DESCRIPTOR -> VmdkImage.openDescriptor(file);
            case VHDX -> VhdxImage.open(file);
            case QED -> QedImage.open(file);
            case QCOW -> QcowImage.open(file);
        };
    }

    /** A binary VMDK extent; version 3 ("COWD", VMware's early products) is refused by name. */
    private static ForeignImage vmdk(ImageFile file) {
        ByteBuffer head = file.read(0, (int) Math.min(4, file.size()), ByteOrder.LITTLE_ENDIAN, "the magic");
        if (head.capacity() == 4 && head.getInt(0) == VMDK3_MAGIC) {
            throw file.as("VMDK").unsupported("it is a VMDK version 3 (COWD) sparse extent, which jvirt does not read");
        }
        return VmdkImage.open(file);
    }

    private static void closeQuietly(ImageFile file, Throwable primary) {
        try {
            file.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
