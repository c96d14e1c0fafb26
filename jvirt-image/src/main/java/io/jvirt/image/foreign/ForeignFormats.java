package io.jvirt.image.foreign;

import io.jvirt.image.ImageException;
import io.jvirt.image.vdi.VdiImage;
import io.jvirt.image.vhd.VhdImage;
import io.jvirt.image.vmdk.VmdkImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises foreign image formats by their magic bytes, never by file name, and opens
 * the matching reader.
 *
 * <ul>
 *   <li>VMDK: "KDMV" at offset 0 (hosted sparse and stream-optimized extents), or a text
 *       descriptor whose first setting is {@code version=1}, {@code 2} or {@code 3};</li>
 *   <li>VDI: signature 0xbeda107f at offset 0x40;</li>
 *   <li>VHD: "conectix" in the last 512 bytes (every VHD) or at offset 0 (dynamic).</li>
 * </ul>
 */
public final class ForeignFormats {

    private static final int VMDK_MAGIC = 0x564d444b;
    private static final int VDI_SIGNATURE = 0xbeda107f;
    private static final long VHD_COOKIE = 0x636f6e6563746978L;
    private static final Pattern VMDK_DESCRIPTOR_VERSION = Pattern.compile("version=[123]\\r?\\n");
    private static final int PROBE_BYTES = 512;

    /** The format a file's magic bytes announce. */
    public enum Kind {
        /** A VMDK sparse or stream-optimized extent. */
        VMDK,
        /** A VMDK text descriptor that refers to extents in other files. */
        VMDK_DESCRIPTOR,
        /** A VirtualBox disk image. */
        VDI,
        /** A Virtual PC / Hyper-V disk image. */
        VHD
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
                    "image " + path + " is not a VMDK, VDI or VHD file, because none of their magic bytes is"
                            + " present.");
        }
        return image.get();
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
        if (headLength >= 4 && head.getInt(0) == VMDK_MAGIC) {
            return Optional.of(Kind.VMDK);
        }
        if (headLength >= 0x44 && head.getInt(0x40) == VDI_SIGNATURE) {
            return Optional.of(Kind.VDI);
        }
        if (headLength >= 8 && head.order(ByteOrder.BIG_ENDIAN).getLong(0) == VHD_COOKIE) {
            return Optional.of(Kind.VHD);
        }
        if (size >= 512) {
            ByteBuffer tail = file.read(size - 512, 512, ByteOrder.BIG_ENDIAN, "the last sector");
            if (tail.getLong(0) == VHD_COOKIE) {
                return Optional.of(Kind.VHD);
            }
        }
        byte[] text = new byte[headLength];
        head.get(0, text);
        if (isVmdkDescriptor(new String(text, StandardCharsets.ISO_8859_1))) {
            return Optional.of(Kind.VMDK_DESCRIPTOR);
        }
        return Optional.empty();
    }

    /**
     * Recognises a VMDK text descriptor as QEMU does: after comment lines and blanks, the
     * first setting is {@code version=1}, {@code 2} or {@code 3}.
     */
    private static boolean isVmdkDescriptor(String head) {
        int i = 0;
        while (i < head.length()) {
            char c = head.charAt(i);
            if (c == '#') {
                int eol = head.indexOf('\n', i);
                if (eol < 0) {
                    return false;
                }
                i = eol + 1;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else {
                return VMDK_DESCRIPTOR_VERSION.matcher(head).region(i, head.length()).lookingAt();
            }
        }
        return false;
    }

    private static ForeignImage open(ImageFile file, Kind kind) {
        return switch (kind) {
            case VMDK -> VmdkImage.open(file);
            case VDI -> VdiImage.open(file);
            case VHD -> VhdImage.open(file);
            case VMDK_DESCRIPTOR -> VmdkImage.openDescriptor(file);
        };
    }

    private static void closeQuietly(ImageFile file, Throwable primary) {
        try {
            file.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
