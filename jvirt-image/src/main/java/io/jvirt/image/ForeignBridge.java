package io.jvirt.image;

import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.raw.RawImage;
import java.nio.file.Path;
import java.util.Optional;

/** Adapts the read-only import readers (vmdk, vdi, vhd) of {@link ForeignFormats} to {@link DiskImage}. */
final class ForeignBridge implements DiskImage {

    private final Path path;
    private final ImageFormat format;
    private final ForeignImage image;
    private ImageLock lock;

    private ForeignBridge(Path path, ImageFormat format, ForeignImage image) {
        this.path = path;
        this.format = format;
        this.image = image;
    }

    static Optional<ImageFormat> detect(Path path) {
        return ForeignFormats.detect(path).map(k -> switch (k) {
            case VMDK, VMDK_DESCRIPTOR -> ImageFormat.VMDK;
            case VDI -> ImageFormat.VDI;
            case VHD -> ImageFormat.VPC;
        });
    }

    static ForeignBridge open(Path path, ImageFormat f) {
        ForeignImage img = ForeignFormats.probe(path).orElseThrow(() -> new ImageException(
                ImageException.Kind.UNKNOWN_FORMAT, path, "Image " + path + " is not a valid " + f.qemuName() + " file."));
        return new ForeignBridge(path, f, img);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public ImageFormat format() {
        return format;
    }

    @Override
    public long virtualSize() {
        return image.virtualSize();
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        if (len > 0) {
            image.read(offset, buf, off, len);
        }
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len) {
        throw readOnlyError();
    }

    @Override
    public void writeZeroes(long offset, long len) {
        throw readOnlyError();
    }

    @Override
    public Extent status(long offset, long maxLen) {
        return image.status(offset, maxLen);
    }

    @Override
    public Optional<DiskImage> backing() {
        return Optional.empty();
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(path.toString(), format, image.virtualSize(), RawImage.actualSize(path), 0, null, null,
                null, false, java.util.List.of(), null);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** Keeps the file's lock bytes until this image is closed. */
    ForeignBridge holdUntilClosed(ImageLock held) {
        this.lock = held;
        return this;
    }

    private ImageException readOnlyError() {
        return new ImageException(ImageException.Kind.READ_ONLY, path,
                "Image " + path + " is in " + format.qemuName() + " format, which is read-only.");
    }
}
