package io.jvirt.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Open file description locks: {@code fcntl(F_OFD_SETLK)} and {@code fcntl(F_OFD_GETLK)} on
 * byte ranges, the locks QEMU and qemu-img take on image files. An OFD lock belongs to the
 * open file description (the descriptor returned by {@link #open}, and its duplicates), not
 * to the process: two descriptors opened separately in one process conflict like two
 * processes, and closing the descriptor releases every lock on it.
 *
 * <p>{@code struct flock} is laid out as on x86_64 (and aarch64) Linux: {@code short l_type},
 * {@code short l_whence}, {@code off_t l_start} at 8, {@code off_t l_len} at 16, {@code pid_t
 * l_pid} at 24, 32 bytes in all. fcntl is linked on first use, without errno capture (which
 * costs a short-lived CLI ~13 ms more to link): a refused {@link #set} is followed by a {@link
 * #test}, which tells a conflict from a file that cannot be locked.
 */
public final class OfdLocks {
    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    private static final int O_CLOEXEC = 02000000;
    private static final short SEEK_SET = 0;

    static final StructLayout FLOCK = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("l_type"),
            ValueLayout.JAVA_SHORT.withName("l_whence"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("l_start"),
            ValueLayout.JAVA_LONG.withName("l_len"),
            ValueLayout.JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4));
    // plain offsets, not var handles: a var handle spins method-handle classes at its first use
    private static final long L_TYPE = offset("l_type");
    private static final long L_WHENCE = offset("l_whence");
    private static final long L_START = offset("l_start");
    private static final long L_LEN = offset("l_len");
    private static final long L_PID = offset("l_pid");

    private OfdLocks() {
    }

    /** The type of a lock, with its {@code l_type} value. */
    public enum Type {
        /** F_RDLCK: shared with other read locks. */
        READ(0),
        /** F_WRLCK: exclusive. */
        WRITE(1),
        /** F_UNLCK: no lock (to release, or the answer of a test that found none). */
        UNLOCK(2);

        private final short code;

        Type(int code) {
            this.code = (short) code;
        }

        static Type of(short code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalStateException("fcntl answered the unknown lock type " + code);
        }
    }

    /**
     * What a test found.
     *
     * @param type {@link Type#UNLOCK} when the lock could be taken, else the type of a lock in the way
     * @param start where the lock in the way starts
     * @param length its length (0: to the end of the file)
     * @param pid -1 for an OFD lock in the way, else the pid of the process holding a POSIX lock
     */
    public record Found(Type type, long start, long length, int pid) {
        /** @return whether nothing is in the way */
        public boolean free() {
            return type == Type.UNLOCK;
        }
    }

    /**
     * Opens a file for reading with close-on-exec, for locks only: read locks need a
     * descriptor open for reading, tests need none in particular.
     *
     * @param path the file
     * @return the descriptor, or -1 when open fails
     * @throws Libc.Unavailable when libc cannot be called from this JVM
     */
    public static int open(Path path) {
        return Libc.open(path, Libc.O_RDONLY | O_CLOEXEC);
    }

    /**
     * Opens a file for reading and writing with close-on-exec (a write lock needs it).
     *
     * @param path the file
     * @return the descriptor, or -1 when open fails
     */
    public static int openReadWrite(Path path) {
        return Libc.open(path, Libc.O_RDWR | O_CLOEXEC);
    }

    /**
     * Takes or releases a lock without waiting: {@code fcntl(fd, F_OFD_SETLK, ...)}.
     *
     * @param fd the descriptor that will own the lock
     * @param type READ, WRITE, or UNLOCK to release
     * @param start first byte
     * @param length number of bytes (0: to the end of the file, and beyond)
     * @return whether it was done; false when another description holds a conflicting lock
     *     ({@link #test} finds it), or the descriptor or its file system cannot lock
     * @throws Libc.Unavailable when fcntl cannot be called from this JVM
     */
    public static boolean set(int fd, Type type, long start, long length) {
        return call(fd, F_OFD_SETLK, type, start, length) != null;
    }

    /**
     * Tests whether a lock could be taken: {@code fcntl(fd, F_OFD_GETLK, ...)}. Locks of the
     * same description never stand in the way.
     *
     * @param fd a descriptor of the file
     * @param type the lock wanted (WRITE finds any lock of another description)
     * @param start first byte
     * @param length number of bytes
     * @return what is in the way, if anything; empty when the call fails (a bad descriptor, a
     *     kernel without OFD locks)
     * @throws Libc.Unavailable when fcntl cannot be called from this JVM
     */
    public static Optional<Found> test(int fd, Type type, long start, long length) {
        return Optional.ofNullable(call(fd, F_OFD_GETLK, type, start, length));
    }

    private static Found call(int fd, int cmd, Type type, long start, long length) {
        MethodHandle h = Fcntl.H;
        if (h == null) {
            throw new Libc.Unavailable("fcntl");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fl = arena.allocate(FLOCK);
            fl.set(ValueLayout.JAVA_SHORT, L_TYPE, type.code);
            fl.set(ValueLayout.JAVA_SHORT, L_WHENCE, SEEK_SET);
            fl.set(ValueLayout.JAVA_LONG, L_START, start);
            fl.set(ValueLayout.JAVA_LONG, L_LEN, length);
            fl.set(ValueLayout.JAVA_INT, L_PID, 0);
            int rc;
            try {
                rc = (int) h.invokeExact(fd, cmd, fl);
            } catch (Throwable t) {
                throw new IllegalStateException("fcntl could not be called: " + t, t);
            }
            if (rc != 0) {
                return null;
            }
            return new Found(Type.of(fl.get(ValueLayout.JAVA_SHORT, L_TYPE)), fl.get(ValueLayout.JAVA_LONG, L_START),
                    fl.get(ValueLayout.JAVA_LONG, L_LEN), fl.get(ValueLayout.JAVA_INT, L_PID));
        }
    }

    private static long offset(String field) {
        return FLOCK.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** fcntl(int fd, int cmd, struct flock *): variadic after cmd; linked on first use. */
    private static final class Fcntl {
        static final MethodHandle H = link();

        private static MethodHandle link() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("fcntl").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                        Linker.Option.firstVariadicArg(2))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
