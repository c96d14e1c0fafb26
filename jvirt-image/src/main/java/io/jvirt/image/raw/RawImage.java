package io.jvirt.image.raw;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.internal.FileIo;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.sys.Libc;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** A raw image: guest offset equals file offset; holes read as zeroes and stay holes. */
public final class RawImage implements DiskImage {

    private static final byte[] ZEROES = new byte[1 << 20];

    private final FileIo io;
    private final SparseFile sparse;
    private final boolean readOnly;
    private long size;
    private ImageLock lock;

    private RawImage(FileIo io, SparseFile sparse, boolean readOnly) {
        this.io = io;
        this.sparse = sparse;
        this.readOnly = readOnly;
        this.size = io.size();
    }

    /**
     * Opens a raw image.
     *
     * @param path the file
     * @param readOnly whether to refuse writes
     * @return the image
     */
    public static RawImage open(Path path, boolean readOnly) {
        try {
            FileChannel ch = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new RawImage(new FileIo(ch, path), SparseFile.open(path, !readOnly), readOnly);
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path,
                    "Image " + path + " cannot be opened: " + e.getMessage() + ".", e);
        }
    }

    @Override
    public Path path() {
        return io.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.RAW;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        checkRange(offset, len);
        io.readOrZero(offset, buf, off, len);
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len) {
        checkWritable();
        checkRange(offset, len);
        io.write(offset, buf, off, len);
    }

    @Override
    public void writeZeroes(long offset, long len) {
        checkWritable();
        checkRange(offset, len);
        if (sparse.punchHole(offset, len)) {
            return;
        }
        long pos = offset;
        while (pos < offset + len) {
            int n = (int) Math.min(ZEROES.length, offset + len - pos);
            io.write(pos, ZEROES, 0, n);
            pos += n;
        }
    }

    @Override
    public Extent status(long offset, long maxLen) {
        long end = Math.min(size, offset + maxLen);
        long data = sparse.nextData(offset, size);
        if (data > offset) {
            return new Extent(offset, Math.min(data, end) - offset, Extent.Type.ZERO, -1);
        }
        long hole = sparse.nextHole(offset, size);
        long stop = Math.min(Math.max(hole, offset + 1), end);
        return new Extent(offset, stop - offset, Extent.Type.DATA, offset);
    }

    /**
     * Changes the size (truncate or extend sparsely).
     *
     * @param newSize new size in bytes
     */
    public void resize(long newSize) {
        checkWritable();
        io.truncate(newSize);
        size = newSize;
    }

    /**
     * Reserves the space of a range.
     *
     * @param offset start
     * @param len length
     * @return whether fallocate succeeded
     */
    public boolean fallocate(long offset, long len) {
        return sparse.allocate(offset, len);
    }

    @Override
    public Optional<DiskImage> backing() {
        return Optional.empty();
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(io.path().toString(), ImageFormat.RAW, size, actualSize(io.path()), 0, null, null,
                null, false, List.of(), null);
    }

    /**
     * Returns the disk space a file occupies.
     *
     * @param path file
     * @return allocated bytes (st_blocks * 512), or the file size when unknown
     */
    public static long actualSize(Path path) {
        long n;
        try {
            n = Libc.allocatedBytes(path);
        } catch (Libc.Unavailable e) {
            n = -1;
        }
        try {
            return n >= 0 ? n : Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void flush() {
        if (!readOnly) {
            io.sync();
        }
    }

    @Override
    public void close() {
        try {
            sparse.close();
            io.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * Keeps the file's lock bytes until this image is closed ({@link io.jvirt.image.Images} attaches them).
     *
     * @param held the lock
     * @return this image
     */
    public RawImage holdUntilClosed(ImageLock held) {
        this.lock = held;
        return this;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new ImageException(ImageException.Kind.READ_ONLY, io.path(),
                    "Image " + io.path() + " is open read-only.");
        }
    }

    private void checkRange(long offset, long len) {
        if (offset < 0 || len < 0 || offset + len > size) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, io.path(), "The range " + offset + "+"
                    + len + " lies outside image " + io.path() + " of " + size + " bytes.");
        }
    }
}
