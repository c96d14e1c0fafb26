package io.jvirt.client;

import io.jvirt.sys.Libc;

import java.nio.file.Path;

/**
 * Where a local file's holes are (lseek SEEK_DATA/SEEK_HOLE) and how to make one (fallocate
 * PUNCH_HOLE), through {@link Libc} on a second descriptor of the file, so that
 * transfers neither read nor write the gaps of sparse files. When native calls are not
 * available, everything is data and nothing can be punched: slower, never wrong.
 */
final class LocalHoles implements AutoCloseable {
    /**
     * Files smaller than this are read whole rather than asked about their holes: linking the
     * native calls costs a fresh CLI process tens of milliseconds, more than reading such a file.
     */
    static final long WORTH_IT = 256L << 20;

    private final int fd;

    private LocalHoles(int fd) {
        this.fd = fd;
    }

    /** For reading a file of {@code size} bytes: hole queries when the file is large, else "all data". */
    static LocalHoles openIfWorthIt(Path file, long size) {
        return size >= WORTH_IT ? open(file, false) : new LocalHoles(-1);
    }

    /** A writable handle opened on first use only, since most writes never punch a hole. */
    static final class Lazy implements AutoCloseable {
        private final Path file;
        private LocalHoles holes;

        Lazy(Path file) {
            this.file = file;
        }

        LocalHoles get() {
            if (holes == null) {
                holes = open(file, true);
            }
            return holes;
        }

        @Override
        public void close() {
            if (holes != null) {
                holes.close();
            }
        }
    }

    /** A second descriptor on {@code file}, for writing when holes will be punched. */
    static LocalHoles open(Path file, boolean write) {
        try {
            return new LocalHoles(Libc.open(file, write ? Libc.O_WRONLY : Libc.O_RDONLY));
        } catch (Libc.Unavailable e) {
            return new LocalHoles(-1);
        }
    }

    /** The next data at or after {@code offset}, or {@code size} when only a hole remains. */
    long nextData(long offset, long size) {
        long r = seek(offset, Libc.SEEK_DATA);
        if (r == -2) {
            return offset;
        }
        return r < 0 ? size : Math.min(r, size);
    }

    /** The next hole at or after {@code offset} ({@code size} when data runs to the end). */
    long nextHole(long offset, long size) {
        long r = seek(offset, Libc.SEEK_HOLE);
        return r < 0 ? size : Math.min(r, size);
    }

    /** Deallocates a range, keeping the size; false when the file system or the platform cannot. */
    boolean punch(long offset, long length) {
        if (fd < 0 || length <= 0) {
            return fd >= 0;
        }
        try {
            return Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, length);
        } catch (Libc.Unavailable e) {
            return false;
        }
    }

    /** lseek's answer, -1 past the last data (ENXIO), -2 when holes cannot be asked about. */
    private long seek(long offset, int whence) {
        if (fd < 0) {
            return -2;
        }
        try {
            return Libc.lseek(fd, offset, whence);
        } catch (Libc.Unavailable e) {
            return -2;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd); // closing a read-only or idle descriptor loses nothing
        }
    }
}
