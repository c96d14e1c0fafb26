package io.jvirt.image;

/** Preallocation modes of qemu-img create. */
public enum Preallocation {
    /** Nothing preallocated. */
    OFF,
    /** qcow2 metadata allocated, data clusters mapped but sparse. */
    METADATA,
    /** Space reserved with fallocate. */
    FALLOC,
    /** Space written with zeroes. */
    FULL;

    /**
     * Parses a qemu-img preallocation name.
     *
     * @param s off, metadata, falloc or full
     * @return the mode
     */
    public static Preallocation parse(String s) {
        return switch (s) {
            case "off" -> OFF;
            case "metadata" -> METADATA;
            case "falloc" -> FALLOC;
            case "full" -> FULL;
            default -> throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null,
                    "Unknown preallocation mode '" + s + "'; use off, metadata, falloc or full.");
        };
    }
}
