package io.jvirt.image;

import io.jvirt.image.foreign.ForeignFormats;
import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.qcow2.Qcow2Backing;
import io.jvirt.image.raw.RawImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Adapts the read-only import readers (vmdk, vdi, vhd, vhdx, qed, qcow) of {@link ForeignFormats}
 * to {@link DiskImage}. Where a reader names a backing file, the caller opens it and the runs the
 * reader leaves unallocated read from it.
 */
final class ForeignBridge implements DiskImage {

    private final Path path;
    private final ImageFormat format;
    private final ForeignImage image;
    private final DiskImage backing;
    private ImageLock lock;

    private ForeignBridge(Path path, ImageFormat format, ForeignImage image, DiskImage backing) {
        this.path = path;
        this.format = format;
        this.image = image;
        this.backing = backing;
    }

    /**
     * Opens a foreign image as the declared format.
     *
     * @param path the file
     * @param f a format {@link ForeignFormats} reads
     * @param openBacking opens the backing file the image names, or returns null not to
     * @return the image
     */
    static ForeignBridge open(Path path, ImageFormat f, Function<ForeignImage.BackingFile, DiskImage> openBacking) {
        ForeignFormats.Kind kind = switch (f) {
            case VMDK -> ForeignFormats.Kind.VMDK;
            case VDI -> ForeignFormats.Kind.VDI;
            case VPC -> ForeignFormats.Kind.VHD;
            case VHDX -> ForeignFormats.Kind.VHDX;
            case QED -> ForeignFormats.Kind.QED;
            case QCOW -> ForeignFormats.Kind.QCOW;
            case RAW, QCOW2, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    throw new IllegalArgumentException(f.qemuName() + " is not read by the foreign readers.");
        };
        ForeignImage img = ForeignFormats.open(path, kind);
        try {
            DiskImage b = img.backingFile().map(openBacking).orElse(null);
            try {
                if (b instanceof ForeignBridge parent) {
                    img.checkBacking(parent.image);
                }
                return new ForeignBridge(path, f, img, b);
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
        } catch (RuntimeException e) {
            img.close();
            throw e;
        }
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
        if (len <= 0) {
            return;
        }
        if (backing == null) {
            image.read(offset, buf, off, len);
            return;
        }
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            Extent e = image.status(pos, end - pos);
            int n = (int) (Math.min(e.end(), end) - pos);
            int at = off + (int) (pos - offset);
            if (e.type() == Extent.Type.UNALLOCATED) {
                long inBacking = Math.max(0, Math.min(n, backing.virtualSize() - pos));
                if (inBacking > 0) {
                    backing.read(pos, buf, at, (int) inBacking);
                }
                Arrays.fill(buf, at + (int) inBacking, at + n, (byte) 0);
            } else {
                image.read(pos, buf, at, n);
            }
            pos += n;
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
        return Optional.ofNullable(backing);
    }

    @Override
    public ImageInfo info() {
        Optional<ForeignImage.BackingFile> b = image.backingFile();
        String name = b.map(ForeignImage.BackingFile::name).orElse(null);
        String full = name == null ? null : Qcow2Backing.resolve(path, name).toString();
        return new ImageInfo(path.toString(), format, image.virtualSize(), RawImage.actualSize(path),
                image.clusterSize(), name, full, b.map(ForeignImage.BackingFile::format).orElse(null), false, List.of(),
                null);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            try {
                if (backing != null) {
                    backing.close();
                }
            } finally {
                if (lock != null) {
                    lock.close();
                }
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
