package io.jvirt.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Disk image formats the engine knows, by their qemu-img names: every format qemu-img 7.2
 * detects by probing, whether the engine reads it ({@link #readable()}) or only recognises
 * it so that it is never mistaken for raw.
 */
public enum ImageFormat {
    /** Plain sparse file. */
    RAW("raw", "raw"),
    /** QEMU copy-on-write v2/v3. */
    QCOW2("qcow2", "qcow2"),
    /** VMware (read-only import). */
    VMDK("vmdk", "VMDK (VMware)"),
    /** VirtualBox (read-only import). */
    VDI("vdi", "VDI (VirtualBox)"),
    /** Hyper-V / Virtual PC VHD (read-only import). */
    VPC("vpc", "VHD (Virtual PC)"),
    /** Hyper-V VHDX (read-only import). */
    VHDX("vhdx", "VHDX (Hyper-V)"),
    /** QEMU enhanced disk (read-only import). */
    QED("qed", "QED (QEMU enhanced disk)"),
    /** QEMU copy-on-write version 1 (read-only import). */
    QCOW("qcow", "qcow version 1"),
    /** Parallels / Virtuozzo disk; detected only. */
    PARALLELS("parallels", "Parallels"),
    /** Apple UDIF disk image; detected only. */
    DMG("dmg", "DMG (Apple disk image)"),
    /** Compressed loopback (Knoppix); detected only. */
    CLOOP("cloop", "cloop (compressed loopback)"),
    /** Bochs growing disk; detected only. */
    BOCHS("bochs", "Bochs"),
    /** LUKS encrypted volume; detected only. */
    LUKS("luks", "LUKS (encrypted)");

    private final String qemuName;
    private final String description;

    ImageFormat(String qemuName, String description) {
        this.qemuName = qemuName;
        this.description = description;
    }

    /** @return the name qemu-img uses for this format */
    public String qemuName() {
        return qemuName;
    }

    /** @return the format's name for people, such as {@code DMG (Apple disk image)} */
    public String description() {
        return description;
    }

    /**
     * Parses a qemu-img format name.
     *
     * @param name format name such as {@code qcow2}
     * @return the format
     * @throws ImageException if the name is unknown
     */
    public static ImageFormat parse(String name) {
        for (ImageFormat f : values()) {
            if (f.qemuName.equals(name) || (f == VPC && "vhd".equals(name))) {
                return f;
            }
        }
        String known = Arrays.stream(values()).map(ImageFormat::qemuName).collect(Collectors.joining(", "));
        throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null,
                "Unknown image format '" + name + "'; known formats are " + known + ".");
    }

    /** @return whether the engine can read this format */
    public boolean readable() {
        return switch (this) {
            case RAW, QCOW2, VMDK, VDI, VPC, VHDX, QED, QCOW -> true;
            case PARALLELS, DMG, CLOOP, BOCHS, LUKS -> false;
        };
    }

    /** @return whether the engine can write this format */
    public boolean writable() {
        return switch (this) {
            case RAW, QCOW2 -> true;
            case VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS -> false;
        };
    }

    /**
     * The refusal for a format the engine does not read: one sentence naming the file, the
     * format and what to do.
     *
     * @param path the image
     * @return the exception to throw, of kind {@link ImageException.Kind#UNSUPPORTED}
     */
    public ImageException unreadable(Path path) {
        return new ImageException(ImageException.Kind.UNSUPPORTED, path, path + " is a " + description
                + " image, which jvirt cannot read; convert it to qcow2 or raw with another tool (such as"
                + " qemu-img convert) first.");
    }
}
