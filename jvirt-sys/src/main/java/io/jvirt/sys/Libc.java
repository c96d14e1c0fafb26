package io.jvirt.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few plain libc calls jvirt needs beyond the JDK: open, close, lseek with
 * SEEK_DATA/SEEK_HOLE (where a file's holes are), fallocate (reserving space, punching holes),
 * fstat/fstatat (the space a file occupies) and sync_file_range (starting writeback early). They are called through the Foreign Function API.
 *
 * <p>Each function is linked on its first call: linking spins classes, several milliseconds
 * per function in a fresh JVM, and a short-lived CLI process should pay only for what it
 * calls. A function that cannot be linked (no native access, another libc) makes its method
 * throw {@link Unavailable}; callers fall back to treating a file as all data.
 *
 * <p>Calls that must report errno (the storage driver's {@code fstatat} and reflink {@code
 * ioctl}) are linked with errno capture in jvirt-storage instead.
 */
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;
    public static final int FALLOC_FL_KEEP_SIZE = 1;
    public static final int FALLOC_FL_PUNCH_HOLE = 2;
    public static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final int AT_FDCWD = -100;
    /** Offset of st_blocks in struct stat on x86_64 and aarch64 Linux. */
    private static final long ST_BLOCKS_OFFSET = 64;

    private Libc() {
    }

    /** A libc function that could not be linked in this JVM. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String function) {
            super("the libc function " + function + " cannot be called from this JVM");
        }
    }

    /** open(2); -1 when the call fails. */
    public static int open(Path path, int flags) {
        MethodHandle h = need(Open.H, "open");
        try (Arena arena = Arena.ofConfined()) {
            return (int) h.invokeExact(arena.allocateFrom(path.toAbsolutePath().toString()), flags);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** close(2), errors ignored: the descriptors closed here were only read or seeked. */
    public static void close(int fd) {
        MethodHandle h = need(Close.H, "close");
        try {
            int ignored = (int) h.invokeExact(fd);
        } catch (Throwable t) {
            // nothing left to release
        }
    }

    /** lseek(2); -1 when the call fails (ENXIO: no data, or no hole, at or after offset). */
    public static long lseek(int fd, long offset, int whence) {
        MethodHandle h = need(Lseek.H, "lseek");
        try {
            return (long) h.invokeExact(fd, offset, whence);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** fallocate(2); whether it succeeded. */
    public static boolean fallocate(int fd, int mode, long offset, long length) {
        MethodHandle h = need(Fallocate.H, "fallocate");
        try {
            return (int) h.invokeExact(fd, mode, offset, length) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The bytes a file occupies on disk (fstat's st_blocks × 512), or -1 when the call fails. */
    public static long allocatedBytes(int fd) {
        MethodHandle h = need(Fstat.H, "fstat");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(256, 8);
            if ((int) h.invokeExact(fd, st) != 0) {
                return -1;
            }
            return st.get(ValueLayout.JAVA_LONG, ST_BLOCKS_OFFSET) * 512;
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * The bytes a file occupies on disk (st_blocks × 512), by path: one function to link
     * ({@code fstatat}) where open, fstat and close would be three. -1 when the call fails.
     */
    public static long allocatedBytes(Path path) {
        MethodHandle h = need(Fstatat.H, "fstatat");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(256, 8);
            if ((int) h.invokeExact(AT_FDCWD, arena.allocateFrom(path.toString()), st, 0) != 0) {
                return -1;
            }
            return st.get(ValueLayout.JAVA_LONG, ST_BLOCKS_OFFSET) * 512;
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * sync_file_range(2): with {@link #SYNC_FILE_RANGE_WRITE}, starts writing back the dirty
     * pages of a range (length 0: to the end of the file) without waiting. No durability.
     *
     * @return whether it succeeded
     */
    public static boolean syncFileRange(int fd, long offset, long nbytes, int flags) {
        MethodHandle h = need(SyncFileRange.H, "sync_file_range");
        try {
            return (int) h.invokeExact(fd, offset, nbytes, flags) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private static MethodHandle need(MethodHandle h, String function) {
        if (h == null) {
            throw new Unavailable(function);
        }
        return h;
    }

    /** The handle of a libc function, or null when it cannot be linked here. */
    private static MethodHandle link(String function, FunctionDescriptor type) {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(function).map(a -> linker.downcallHandle(a, type)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    // one holder class per function: the JVM initializes (links) each on its first use only

    private static final class Open {
        static final MethodHandle H = link("open",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Close {
        static final MethodHandle H = link("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Lseek {
        static final MethodHandle H = link("lseek", FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    }

    private static final class Fallocate {
        static final MethodHandle H = link("fallocate", FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG));
    }

    private static final class Fstatat {
        static final MethodHandle H = link("fstatat", FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class SyncFileRange {
        static final MethodHandle H = link("sync_file_range", FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
    }

    private static final class Fstat {
        static final MethodHandle H = link("fstat",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }
}
