package io.jvirt.image.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Hole-aware access to a file through lseek(SEEK_DATA/SEEK_HOLE) and fallocate, called with
 * the Foreign Function API on a second descriptor of the file. When native calls are not
 * available every query answers "data", which is always correct, only slower.
 */
public final class SparseFile implements AutoCloseable {

    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final MethodHandle OPEN;
    private static final MethodHandle LSEEK;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle FSTAT;
    /** Offset of st_blocks in struct stat on x86_64 and aarch64 Linux. */
    private static final long ST_BLOCKS_OFFSET = 64;

    static {
        MethodHandle open = null;
        MethodHandle lseek = null;
        MethodHandle close = null;
        MethodHandle fallocate = null;
        MethodHandle fstat = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            lseek = linker.downcallHandle(libc.find("lseek").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            fallocate = linker.downcallHandle(libc.find("fallocate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            fstat = libc.find("fstat").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            open = null;
        }
        OPEN = open;
        LSEEK = lseek;
        CLOSE = close;
        FALLOCATE = fallocate;
        FSTAT = fstat;
    }

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
        if (OPEN == null) {
            return new SparseFile(-1);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path.toAbsolutePath().toString());
            int fd = (int) OPEN.invokeExact(name, write ? 2 : 0);
            return new SparseFile(fd);
        } catch (Throwable t) {
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
        long r = seek(offset, SEEK_DATA);
        return r < 0 ? fileSize : Math.min(r, fileSize);
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
        long r = seek(offset, SEEK_HOLE);
        return r < 0 ? fileSize : Math.min(r, fileSize);
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
        return fallocate(3, offset, len);
    }

    private boolean fallocate(int mode, long offset, long len) {
        if (fd < 0 || FALLOCATE == null) {
            return false;
        }
        try {
            return (int) FALLOCATE.invokeExact(fd, mode, offset, len) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Returns the bytes the file occupies on disk (st_blocks * 512).
     *
     * @return allocated bytes, or -1 when unknown
     */
    public long allocatedBytes() {
        if (fd < 0 || FSTAT == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(256, 8);
            if ((int) FSTAT.invokeExact(fd, st) != 0) {
                return -1;
            }
            return st.get(ValueLayout.JAVA_LONG, ST_BLOCKS_OFFSET) * 512;
        } catch (Throwable t) {
            return -1;
        }
    }

    private long seek(long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(fd, offset, whence);
        } catch (Throwable t) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // nothing left to release
            }
        }
    }
}
