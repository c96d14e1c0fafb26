package io.jvirt.image.raw;

import io.jvirt.sys.Libc;

import java.nio.file.Path;

/**
 * Hole-aware access to a file through lseek(SEEK_DATA/SEEK_HOLE) and fallocate ({@link Libc})
 * on a second descriptor of the file. When native calls are not available every query
 * answers "data", which is always correct, only slower.
 */
public final class SparseFile implements AutoCloseable {
    private final int fd;

    private SparseFile(int fd) {
        this.fd = fd;
    }

    /**
     * Opens a second descriptor on the file.
     *
     * @param path the file
     * @param write whether fallocate will be used
     * @return the handle; it answers "data" everywhere when native calls are unavailable
     */
    public static SparseFile open(Path path, boolean write) {
        try {
            return new SparseFile(Libc.open(path, write ? Libc.O_RDWR : Libc.O_RDONLY));
        } catch (Libc.Unavailable e) {
            return new SparseFile(-1);
        }
    }

    /**
     * Finds the next data at or after an offset.
     *
     * @param offset file offset
     * @param fileSize file size
     * @return the next data offset, or fileSize when only a hole remains
     */
    public long nextData(long offset, long fileSize) {
        if (fd < 0) {
            return offset;
        }
        try {
            long r = Libc.lseek(fd, offset, Libc.SEEK_DATA);
            return r < 0 ? fileSize : Math.min(r, fileSize);
        } catch (Libc.Unavailable e) {
            return offset;
        }
    }

    /**
     * Finds the next hole at or after an offset.
     *
     * @param offset file offset
     * @param fileSize file size
     * @return the next hole offset (fileSize when data runs to the end)
     */
    public long nextHole(long offset, long fileSize) {
        if (fd < 0) {
            return fileSize;
        }
        try {
            long r = Libc.lseek(fd, offset, Libc.SEEK_HOLE);
            return r < 0 ? fileSize : Math.min(r, fileSize);
        } catch (Libc.Unavailable e) {
            return fileSize;
        }
    }

    /**
     * Reserves space with fallocate(2).
     *
     * @param offset start
     * @param len length
     * @return whether the call succeeded
     */
    public boolean allocate(long offset, long len) {
        return fallocate(0, offset, len);
    }

    /**
     * Deallocates a range, keeping the file size (FALLOC_FL_PUNCH_HOLE).
     *
     * @param offset start
     * @param len length
     * @return whether the call succeeded
     */
    public boolean punchHole(long offset, long len) {
        return fallocate(Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, len);
    }

    private boolean fallocate(int mode, long offset, long len) {
        if (fd < 0) {
            return false;
        }
        try {
            return Libc.fallocate(fd, mode, offset, len);
        } catch (Libc.Unavailable e) {
            return false;
        }
    }

    /**
     * Returns the bytes the file occupies on disk (st_blocks * 512).
     *
     * @return allocated bytes, or -1 when unknown
     */
    public long allocatedBytes() {
        if (fd < 0) {
            return -1;
        }
        try {
            return Libc.allocatedBytes(fd);
        } catch (Libc.Unavailable e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }
}
