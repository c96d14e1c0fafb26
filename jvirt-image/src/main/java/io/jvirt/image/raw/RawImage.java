package io.jvirt.image.raw;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Extent;
import io.jvirt.image.FormatProbe;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.WriteCache;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.internal.FileIo;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.sys.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A raw image: guest offset equals file offset; holes read as zeroes and stay holes. */
public final class RawImage implements DiskImage {

    private static final byte[] ZEROES = new byte[1 << 20];

    private final FileIo io;
    private final SparseFile sparse;
    private final boolean readOnly;
    private final boolean probed;
    private long size;
    private ImageLock lock;

    private RawImage(FileIo io, SparseFile sparse, boolean readOnly, boolean probed) {
        this.io = io;
        this.sparse = sparse;
        this.readOnly = readOnly;
        this.probed = probed;
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
        return open(path, readOnly, false);
    }

    /**
     * Opens a raw image whose format may have been guessed by probing. A probed image refuses
     * writes that would give its first sector another format's signature, as qemu does, so a
     * guest cannot turn its disk into, say, a qcow2 header naming a host file as backing.
     *
     * @param path the file
     * @param readOnly whether to refuse writes
     * @param probed whether raw was detected rather than declared
     * @return the image
     */
    public static RawImage open(Path path, boolean readOnly, boolean probed) {
        return open(path, readOnly, probed, WriteCache.WRITEBACK);
    }

    /**
     * Opens a raw image with a write cache mode.
     *
     * @param path the file
     * @param readOnly whether to refuse writes
     * @param probed whether raw was detected rather than declared
     * @param cache how writes reach the disk
     * @return the image
     */
    public static RawImage open(Path path, boolean readOnly, boolean probed, WriteCache cache) {
        FileIo io = FileIo.open(path, readOnly ? FileIo.Mode.READ : FileIo.Mode.WRITE, cache);
        return new RawImage(io, SparseFile.open(path, !readOnly), readOnly, probed);
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
        if (probed && len > 0 && (offset < FormatProbe.SECTOR || offset + len > size - FormatProbe.SECTOR)) {
            checkSignatures(offset, buf, off, len);
        }
        io.write(offset, buf, off, len);
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        checkRange(offset, dst.remaining());
        io.readOrZero(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        int len = src.remaining();
        if (probed && len > 0 && (offset < FormatProbe.SECTOR || offset + len > size - FormatProbe.SECTOR)) {
            DiskImage.super.write(offset, src);
            return;
        }
        checkWritable();
        checkRange(offset, len);
        io.write(offset, src);
    }

    /**
     * Refuses a write that would make the first or last sector carry a signature the probe
     * knows, as the file will read after the write.
     */
    private void checkSignatures(long offset, byte[] buf, int off, int len) {
        long newSize = Math.max(size, offset + len);
        byte[] head = sectorAfterWrite(0, newSize, offset, buf, off, len);
        byte[] tail = newSize < FormatProbe.SECTOR ? null
                : sectorAfterWrite(newSize - FormatProbe.SECTOR, newSize, offset, buf, off, len);
        ImageFormat would = FormatProbe.detect(head, tail);
        if (would != ImageFormat.RAW) {
            throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, io.path(), "Image " + io.path()
                    + " was detected as raw, and this write would give it a " + would.description()
                    + " signature; declare the format raw explicitly (-f raw or -F raw) to allow it.");
        }
    }

    private byte[] sectorAfterWrite(long at, long newSize, long offset, byte[] buf, int off, int len) {
        byte[] sector = new byte[(int) Math.min(FormatProbe.SECTOR, newSize - at)];
        io.readOrZero(at, sector, 0, sector.length);
        long from = Math.max(at, offset);
        long to = Math.min(at + sector.length, offset + len);
        if (from < to) {
            System.arraycopy(buf, off + (int) (from - offset), sector, (int) (from - at), (int) (to - from));
        }
        return sector;
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

    /** Raw images cache nothing: every write is already with the operating system. */
    @Override
    public void writeCaches() {
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                sparse.close();
                io.close();
            } finally {
                if (lock != null) {
                    lock.close();
                }
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
