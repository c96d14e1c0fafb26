package io.jvirt.image;

/** qcow2 compressed-cluster algorithms. */
public enum CompressionType {
    /** Raw deflate, the qcow2 default. */
    ZLIB("zlib", 0),
    /** Zstandard frames (qcow2 v3 with the compression type feature). */
    ZSTD("zstd", 1);

    private final String qemuName;
    private final int code;

    CompressionType(String qemuName, int code) {
        this.qemuName = qemuName;
        this.code = code;
    }

    /** @return the qemu-img name */
    public String qemuName() {
        return qemuName;
    }

    /** @return the header byte value */
    public int code() {
        return code;
    }

    /**
     * Parses a qemu-img compression type name.
     *
     * @param s zlib or zstd
     * @return the type
     */
    public static CompressionType parse(String s) {
        for (CompressionType t : values()) {
            if (t.qemuName.equals(s)) {
                return t;
            }
        }
        throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null,
                "Unknown compression type '" + s + "'; use zlib or zstd.");
    }
}
