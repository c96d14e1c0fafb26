package io.jvirt.image;

/** Disk image formats the engine knows, by their qemu-img names. */
public enum ImageFormat {
    /** Plain sparse file. */
    RAW("raw"),
    /** QEMU copy-on-write v2/v3. */
    QCOW2("qcow2"),
    /** VMware (read-only import). */
    VMDK("vmdk"),
    /** VirtualBox (read-only import). */
    VDI("vdi"),
    /** Hyper-V / Virtual PC (read-only import). */
    VPC("vpc");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** @return the name qemu-img uses for this format */
    public String qemuName() {
        return qemuName;
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
        throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null,
                "Unknown image format '" + name + "'; known formats are raw, qcow2, vmdk, vdi and vpc.");
    }

    /** @return whether the engine can write this format */
    public boolean writable() {
        return switch (this) {
            case RAW, QCOW2 -> true;
            case VMDK, VDI, VPC -> false;
        };
    }
}
