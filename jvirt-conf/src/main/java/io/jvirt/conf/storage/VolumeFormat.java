package io.jvirt.conf.storage;

import io.jvirt.conf.xml.XmlEnum;

/** The image format of a volume ({@code <format type>}), by qemu-img's names. */
public enum VolumeFormat implements XmlEnum {
    /** Raw bytes. */
    RAW("raw"),
    /** QEMU copy-on-write v2/v3. */
    QCOW2("qcow2"),
    /** VMware disk (import only). */
    VMDK("vmdk"),
    /** VirtualBox disk (import only). */
    VDI("vdi"),
    /** Virtual PC / Hyper-V VHD (import only). */
    VPC("vpc"),
    /** Hyper-V VHDX (import only). */
    VHDX("vhdx"),
    /** QEMU enhanced disk (import only). */
    QED("qed"),
    /** QEMU copy-on-write version 1 (import only). */
    QCOW("qcow");

    private final String xml;

    VolumeFormat(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }

    /** Returns whether volumes of this format can be created and written. */
    public boolean writable() {
        return switch (this) {
            case RAW, QCOW2 -> true;
            case VMDK, VDI, VPC, VHDX, QED, QCOW -> false;
        };
    }
}
