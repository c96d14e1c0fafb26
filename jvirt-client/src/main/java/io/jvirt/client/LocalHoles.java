package io.jvirt.client;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Where a local file's holes are (lseek SEEK_DATA/SEEK_HOLE) and how to make one (fallocate
 * PUNCH_HOLE), through the Foreign Function API on a second descriptor of the file, so that
 * transfers neither read nor write the gaps of sparse files. When native calls are not
 * available, everything is data and nothing can be punched: slower, never wrong.
 */
final class LocalHoles implements AutoCloseable {
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int FALLOC_FL_PUNCH_HOLE = 2;
    /** The native calls, linked on first use (a class initialized only when a descriptor is opened). */
    private static final class Libc {
        static final MethodHandle OPEN;
        static final MethodHandle LSEEK;
        static final MethodHandle FALLOCATE;
        static final MethodHandle CLOSE;

        static {
            MethodHandle open = null;
            MethodHandle lseek = null;
            MethodHandle fallocate = null;
            MethodHandle close = null;
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                open = linker.downcallHandle(libc.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                lseek = linker.downcallHandle(libc.find("lseek").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                fallocate = linker.downcallHandle(libc.find("fallocate").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (RuntimeException | LinkageError unavailable) {
                open = null;
            }
            OPEN = open;
            LSEEK = lseek;
            FALLOCATE = fallocate;
            CLOSE = close;
        }

        private Libc() {
        }
    }

    /**
     * Files smaller than this are read whole rather than asked about their holes: linking the
     * native calls costs a fresh CLI process about 0.1 s, more than reading such a file.
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
        if (Libc.OPEN == null) {
            return new LocalHoles(-1);
        }
        try (Arena arena = Arena.ofConfined()) {
            return new LocalHoles((int) Libc.OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()),
                    write ? O_WRONLY : O_RDONLY));
        } catch (Throwable t) {
            return new LocalHoles(-1);
        }
    }

    /** The next data at or after {@code offset}, or {@code size} when only a hole remains. */
    long nextData(long offset, long size) {
        long r = seek(offset, SEEK_DATA);
        if (r == -2) {
            return offset;
        }
        return r < 0 ? size : Math.min(r, size);
    }

    /** The next hole at or after {@code offset} ({@code size} when data runs to the end). */
    long nextHole(long offset, long size) {
        long r = seek(offset, SEEK_HOLE);
        return r < 0 ? size : Math.min(r, size);
    }

    /** Deallocates a range, keeping the size; false when the file system or the platform cannot. */
    boolean punch(long offset, long length) {
        if (fd < 0 || length <= 0) {
            return fd >= 0;
        }
        try {
            return (int) Libc.FALLOCATE.invokeExact(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** lseek's answer, -1 past the last data (ENXIO), -2 when holes cannot be asked about. */
    private long seek(long offset, int whence) {
        if (fd < 0) {
            return -2;
        }
        try {
            return (long) Libc.LSEEK.invokeExact(fd, offset, whence);
        } catch (Throwable t) {
            return -2;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) Libc.CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // closing a read-only or idle descriptor loses nothing
            }
        }
    }
}
