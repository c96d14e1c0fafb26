package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * The format of a disk image: {@code <driver type>} of a disk, {@code <format type>} of a
 * backing layer. libvirt's names; {@link #qemuDriver()} is QEMU's block driver for it.
 */
public enum DiskFormat implements XmlEnum {
    /** Raw bytes. */
    RAW("raw", "raw"),
    /** A directory; libvirt refuses it for QEMU (use a disk of type 'dir'). */
    DIR("dir", null),
    /** Bochs image (read-only in QEMU). */
    BOCHS("bochs", "bochs"),
    /** Compressed loop image (read-only). */
    CLOOP("cloop", "cloop"),
    /** Apple disk image (read-only). */
    DMG("dmg", "dmg"),
    /** An ISO image; libvirt refuses it for QEMU (use 'raw'). */
    ISO("iso", null),
    /** Virtual PC VHD. */
    VPC("vpc", "vpc"),
    /** VirtualBox disk. */
    VDI("vdi", "vdi"),
    /** A directory shown as a FAT file system (disk type 'dir' only). */
    FAT("fat", "raw"),
    /** Hyper-V VHDX, libvirt's name. */
    VHD("vhd", "vhdx"),
    /** Hyper-V VHDX, the name QEMU and qemu-img use; a jvirt extension kept for older definitions. */
    VHDX("vhdx", "vhdx"),
    /** Parallels disk. */
    PLOOP("ploop", "parallels"),
    /** The old User-Mode Linux copy-on-write format; libvirt refuses it for QEMU. */
    COW("cow", null),
    /** QEMU copy-on-write version 1. */
    QCOW("qcow", "qcow"),
    /** QEMU copy-on-write version 2. */
    QCOW2("qcow2", "qcow2"),
    /** QEMU enhanced disk. */
    QED("qed", "qed"),
    /** VMware disk. */
    VMDK("vmdk", "vmdk");

    private final String xml;
    private final String qemuDriver;

    DiskFormat(String xml, String qemuDriver) {
        this.xml = xml;
        this.qemuDriver = qemuDriver;
    }

    @Override
    public String xml() {
        return xml;
    }

    /** Returns QEMU's block driver for this format, or null when QEMU cannot open it as a format. */
    public String qemuDriver() {
        return qemuDriver;
    }

    /** Returns whether an image of this format can have a backing image. */
    public boolean hasBacking() {
        return switch (this) {
            case COW, QCOW, QCOW2, QED, VMDK -> true;
            case RAW, DIR, BOCHS, CLOOP, DMG, ISO, VPC, VDI, FAT, VHD, VHDX, PLOOP -> false;
        };
    }
}
