package io.jvirt.storage.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The few libc calls the JDK does not offer, through the Foreign Function API:
 * {@code fstatat} (size, st_blocks, mode, owner and times in one call, without following a
 * final link) and {@code ioctl(FICLONE)} for reflink copies. Both report errno.
 */
public final class Native {

    /** errno values the callers tell apart. */
    public static final int EXDEV = 18;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Invalid argument (also what some file systems answer to FICLONE). */
    public static final int EINVAL = 22;
    /** Inappropriate ioctl for device. */
    public static final int ENOTTY = 25;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    /** _IOW(0x94, 9, int). */
    private static final long FICLONE = 0x40049409L;
    private static final boolean AARCH64 = System.getProperty("os.arch", "").equals("aarch64");

    private static final MethodHandle FSTATAT;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle IOCTL;
    private static final MethodHandle STRERROR;
    private static final VarHandle ERRNO;
    private static final long CAPTURE_SIZE;
    private static final String UNAVAILABLE;

    static {
        MethodHandle fstatat = null;
        MethodHandle open = null;
        MethodHandle close = null;
        MethodHandle ioctl = null;
        MethodHandle strerror = null;
        VarHandle errno = null;
        long captureSize = 0;
        String why = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option ccs = Linker.Option.captureCallState("errno");
            MemoryLayout capture = Linker.Option.captureStateLayout();
            errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            captureSize = capture.byteSize();
            fstatat = linker.downcallHandle(libc.find("fstatat").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), ccs);
            open = linker.downcallHandle(libc.find("open").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ccs);
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            ioctl = linker.downcallHandle(libc.find("ioctl").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
                    ccs, Linker.Option.firstVariadicArg(2));
            strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(
                            256, ValueLayout.JAVA_BYTE)), ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            why = e.toString();
        }
        FSTATAT = fstatat;
        OPEN = open;
        CLOSE = close;
        IOCTL = ioctl;
        STRERROR = strerror;
        ERRNO = errno;
        CAPTURE_SIZE = captureSize;
        UNAVAILABLE = why;
    }

    private Native() {
    }

    /** Returns whether native calls work in this JVM. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** A failed call: the errno and its text. */
    public static final class NativeError extends Exception {
        private final int errno;

        NativeError(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        /** Returns errno. */
        public int errno() {
            return errno;
        }
    }

    /**
     * Stats a path without following a final symbolic link.
     *
     * @param path the file
     * @return its status
     * @throws NativeError with errno (ENOENT = 2) when the call fails
     */
    /**
     * Opens a directory for {@link #lstatAt}: names are then resolved from it, not from the root.
     *
     * @param dir the directory
     * @return its descriptor; close it with {@link #close}
     * @throws NativeError when it cannot be opened
     */
    public static int openDirectory(Path dir) throws NativeError {
        if (!available()) {
            throw new NativeError(-1, "native calls are unavailable: " + UNAVAILABLE);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(dir.toString()), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                throw error(state);
            }
            return fd;
        } catch (NativeError e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeError(-1, t.toString());
        }
    }

    /**
     * Closes a descriptor from {@link #openDirectory}.
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // a directory opened for reading loses nothing when its close fails
        }
    }

    /**
     * Stats a directory entry without following a symbolic link: {@code fstatat(dirFd, name)}.
     *
     * @param dirFd a descriptor from {@link #openDirectory}
     * @param name a name in that directory (no '/')
     * @return its status
     * @throws NativeError with errno (ENOENT = 2) when the call fails
     */
    public static FileStat lstatAt(int dirFd, String name) throws NativeError {
        return stat(dirFd, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static FileStat lstat(Path path) throws NativeError {
        if (!available()) {
            throw new NativeError(-1, "native calls are unavailable: " + UNAVAILABLE);
        }
        return stat(AT_FDCWD, path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static FileStat stat(int dirFd, byte[] bytes) throws NativeError {
        if (!available()) {
            throw new NativeError(-1, "native calls are unavailable: " + UNAVAILABLE);
        }
        if (bytes.length >= PATH_MAX) {
            throw new NativeError(36, "File name too long");
        }
        Buffers b = BUFFERS.get();
        MemorySegment.copy(bytes, 0, b.name, ValueLayout.JAVA_BYTE, 0, bytes.length);
        b.name.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        MemorySegment st = b.stat;
        MemorySegment state = b.state;
        try {
            int rc = (int) FSTATAT.invokeExact(state, dirFd, b.name, st, AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw error(state);
            }
            return AARCH64 ? aarch64(st) : x86_64(st);
        } catch (NativeError e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeError(-1, t.toString());
        }
    }

    private static FileStat x86_64(MemorySegment st) {
        long dev = st.get(ValueLayout.JAVA_LONG, 40);
        return new FileStat(st.get(ValueLayout.JAVA_INT, 24), Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, 28)),
                Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, 32)), st.get(ValueLayout.JAVA_LONG, 48),
                st.get(ValueLayout.JAVA_LONG, 64) * 512, dev, st.get(ValueLayout.JAVA_LONG, 72),
                st.get(ValueLayout.JAVA_LONG, 80), st.get(ValueLayout.JAVA_LONG, 88), st.get(ValueLayout.JAVA_LONG, 96),
                st.get(ValueLayout.JAVA_LONG, 104), st.get(ValueLayout.JAVA_LONG, 112));
    }

    private static FileStat aarch64(MemorySegment st) {
        long dev = st.get(ValueLayout.JAVA_LONG, 32);
        return new FileStat(st.get(ValueLayout.JAVA_INT, 16), Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, 24)),
                Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, 28)), st.get(ValueLayout.JAVA_LONG, 48),
                st.get(ValueLayout.JAVA_LONG, 64) * 512, dev, st.get(ValueLayout.JAVA_LONG, 72),
                st.get(ValueLayout.JAVA_LONG, 80), st.get(ValueLayout.JAVA_LONG, 88), st.get(ValueLayout.JAVA_LONG, 96),
                st.get(ValueLayout.JAVA_LONG, 104), st.get(ValueLayout.JAVA_LONG, 112));
    }

    private static final int PATH_MAX = 4096;

    /** Native buffers reused by one thread's stat calls (allocating them per call costs more than the call). */
    private static final class Buffers {
        final MemorySegment name;
        final MemorySegment stat;
        final MemorySegment state;

        Buffers() {
            Arena arena = Arena.ofAuto();
            name = arena.allocate(PATH_MAX);
            stat = arena.allocate(256, 8);
            state = arena.allocate(Math.max(8, CAPTURE_SIZE));
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * Makes {@code target} share all blocks of {@code source} (ioctl FICLONE): an instant
     * copy-on-write copy. Both must be on the same file system, and it must support reflinks.
     *
     * @param source the file to copy
     * @param target an existing empty file
     * @throws NativeError with errno: EXDEV (different file systems), EOPNOTSUPP or EINVAL
     *     (no reflink support) or another failure
     */
    public static void reflink(Path source, Path target) throws NativeError {
        if (!available()) {
            throw new NativeError(-1, "native calls are unavailable: " + UNAVAILABLE);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int src = (int) OPEN.invokeExact(state, arena.allocateFrom(source.toString()),
                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (src < 0) {
                throw error(state);
            }
            try {
                int dst = (int) OPEN.invokeExact(state, arena.allocateFrom(target.toString()),
                        O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
                if (dst < 0) {
                    throw error(state);
                }
                try {
                    if ((int) IOCTL.invokeExact(state, dst, FICLONE, src) != 0) {
                        throw error(state);
                    }
                } finally {
                    int ignored = (int) CLOSE.invokeExact(dst);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(src);
            }
        } catch (NativeError e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeError(-1, t.toString());
        }
    }

    private static NativeError error(MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new NativeError(errno, strerror(errno));
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
