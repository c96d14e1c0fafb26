package io.jvirt.image;

import java.util.Objects;

/**
 * What {@link Images#create} should make: the qemu-img create options.
 *
 * @param format image format (raw or qcow2)
 * @param size virtual size in bytes; may be -1 when a backing file gives it
 * @param backingFile backing file name as stored in the image, or null
 * @param backingFormat backing file format, or null to detect it
 * @param clusterSize qcow2 cluster size (512 B to 2 MiB, a power of two)
 * @param preallocation preallocation mode
 * @param compressionType qcow2 compression type
 * @param lazyRefcounts qcow2 v3 lazy refcounts
 * @param refcountBits qcow2 refcount width (1 to 64, a power of two)
 * @param compat qcow2 compatibility level: "0.10" (v2) or "1.1" (v3)
 * @param unsafeBacking do not open the backing file (qemu-img create -u)
 */
public record CreateOptions(ImageFormat format, long size, String backingFile, ImageFormat backingFormat,
        int clusterSize, Preallocation preallocation, CompressionType compressionType, boolean lazyRefcounts,
        int refcountBits, String compat, boolean unsafeBacking) {

    /** Validates the combination. */
    public CreateOptions {
        Objects.requireNonNull(format);
        Objects.requireNonNull(preallocation);
        Objects.requireNonNull(compressionType);
        Objects.requireNonNull(compat);
        if (!format.writable()) {
            throw invalid("The engine cannot create " + format.qemuName() + " images.");
        }
        if (clusterSize < 512 || clusterSize > (2 << 20) || Integer.bitCount(clusterSize) != 1) {
            throw invalid("The cluster size must be a power of two between 512 bytes and 2 MiB, not " + clusterSize + ".");
        }
        if (refcountBits < 1 || refcountBits > 64 || Integer.bitCount(refcountBits) != 1) {
            throw invalid("The refcount width must be a power of two between 1 and 64 bits, not " + refcountBits + ".");
        }
        if (!compat.equals("0.10") && !compat.equals("1.1")) {
            throw invalid("The compat level must be 0.10 or 1.1, not '" + compat + "'.");
        }
        if (compat.equals("0.10") && (lazyRefcounts || refcountBits != 16 || compressionType != CompressionType.ZLIB)) {
            throw invalid("Lazy refcounts, refcount widths other than 16 and zstd compression need compat=1.1.");
        }
        if (size < -1 || (size == -1 && backingFile == null)) {
            throw invalid("The image size must be given and must not be negative.");
        }
        if (format == ImageFormat.RAW && backingFile != null) {
            throw invalid("Raw images cannot have a backing file.");
        }
        if (format == ImageFormat.RAW && preallocation == Preallocation.METADATA) {
            throw invalid("Raw images support preallocation off, falloc and full, not metadata.");
        }
        if (backingFile != null && preallocation != Preallocation.OFF) {
            throw invalid("Preallocation is not supported together with a backing file.");
        }
    }

    private static ImageException invalid(String msg) {
        return new ImageException(ImageException.Kind.INVALID_ARGUMENT, null, msg);
    }

    /**
     * Starts a builder with qemu-img's defaults.
     *
     * @param format image format
     * @param size virtual size in bytes, or -1 to take it from the backing file
     * @return a builder
     */
    public static Builder builder(ImageFormat format, long size) {
        return new Builder(format, size);
    }

    /** Builder with qemu-img's defaults (64 KiB clusters, 16-bit refcounts, compat 1.1). */
    public static final class Builder {
        private final ImageFormat format;
        private long size;
        private String backingFile;
        private ImageFormat backingFormat;
        private int clusterSize = 65536;
        private Preallocation preallocation = Preallocation.OFF;
        private CompressionType compressionType = CompressionType.ZLIB;
        private boolean lazyRefcounts;
        private int refcountBits = 16;
        private String compat = "1.1";
        private boolean unsafeBacking;

        private Builder(ImageFormat format, long size) {
            this.format = format;
            this.size = size;
        }

        /** @param v virtual size @return this */
        public Builder size(long v) { size = v; return this; }
        /** @param v backing file name @return this */
        public Builder backingFile(String v) { backingFile = v; return this; }
        /** @param v backing format @return this */
        public Builder backingFormat(ImageFormat v) { backingFormat = v; return this; }
        /** @param v cluster size @return this */
        public Builder clusterSize(int v) { clusterSize = v; return this; }
        /** @param v preallocation @return this */
        public Builder preallocation(Preallocation v) { preallocation = v; return this; }
        /** @param v compression type @return this */
        public Builder compressionType(CompressionType v) { compressionType = v; return this; }
        /** @param v lazy refcounts @return this */
        public Builder lazyRefcounts(boolean v) { lazyRefcounts = v; return this; }
        /** @param v refcount bits @return this */
        public Builder refcountBits(int v) { refcountBits = v; return this; }
        /** @param v compat level @return this */
        public Builder compat(String v) { compat = v; return this; }
        /** @param v skip opening the backing file @return this */
        public Builder unsafeBacking(boolean v) { unsafeBacking = v; return this; }

        /** @return the validated options */
        public CreateOptions build() {
            return new CreateOptions(format, size, backingFile, backingFormat, clusterSize, preallocation,
                    compressionType, lazyRefcounts, refcountBits, compat, unsafeBacking);
        }
    }
}
