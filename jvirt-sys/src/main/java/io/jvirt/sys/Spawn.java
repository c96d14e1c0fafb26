package io.jvirt.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a process with descriptors of the caller at given numbers, which the JDK's
 * {@code ProcessBuilder} cannot do (its child closes every descriptor above 2): glibc's
 * {@code posix_spawnp} with file actions, through the Foreign Function API. Used for QEMU when
 * it must inherit descriptors the daemon opened (a macvtap's {@code /dev/tapN}), as libvirt passes
 * them.
 *
 * <p>The child gets: stdin from {@code /dev/null}, stdout and stderr appended to a log file, each
 * passed descriptor at its number, no other descriptor of the caller (glibc's
 * {@code posix_spawn_file_actions_addclosefrom_np}), default signal handlers, an empty signal
 * mask, and optionally a session of its own. The caller reaps it with {@link #waitFor}.
 */
public final class Spawn {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    /** Passed descriptors are first moved at or above this number, so that placing them clobbers none. */
    private static final int HIGH_FD = 1000;
    /** Generous sizes of glibc's opaque structures (80, 336 and 128 bytes on x86_64). */
    private static final long ACTIONS_SIZE = 512;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 256;

    private Spawn() {
    }

    /**
     * A descriptor of the caller that the child gets at a given number.
     *
     * @param parent the caller's descriptor
     * @param child the number it has in the child, 3 or more
     */
    public record Fd(int parent, int child) {
        /** Validates the numbers. */
        public Fd {
            if (parent < 0 || child < 3 || child >= HIGH_FD) {
                throw new IllegalArgumentException("descriptor " + parent + " cannot be passed as " + child);
            }
        }
    }

    /**
     * Starts a process.
     *
     * @param argv the program (looked up in PATH) and its arguments
     * @param env variables added to the caller's environment
     * @param log where stdout and stderr are appended (created 0600 when absent)
     * @param fds the descriptors to pass
     * @param newSession whether the child leads a session of its own ({@code setsid})
     * @return the child's pid
     * @throws IOException when the process cannot be started, with errno's meaning
     */
    public static long spawn(List<String> argv, Map<String, String> env, Path log, List<Fd> fds, boolean newSession)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            List<Integer> high = new ArrayList<>();
            try {
                for (Fd f : fds) {
                    int h = (int) F.FCNTL.invokeExact(f.parent(), F_DUPFD_CLOEXEC, HIGH_FD);
                    if (h < 0) {
                        throw new IOException("cannot duplicate descriptor " + f.parent());
                    }
                    high.add(h);
                }
                MemorySegment actions = arena.allocate(ACTIONS_SIZE, 16);
                MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
                check((int) F.ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
                check((int) F.ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
                try {
                    check((int) F.ADDOPEN.invokeExact(actions, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0),
                            "addopen stdin");
                    check((int) F.ADDOPEN.invokeExact(actions, 1, arena.allocateFrom(log.toString()),
                            O_WRONLY | O_CREAT | O_APPEND, 0600), "addopen stdout");
                    check((int) F.ADDDUP2.invokeExact(actions, 1, 2), "adddup2 stderr");
                    for (int i = 0; i < fds.size(); i++) {
                        check((int) F.ADDDUP2.invokeExact(actions, (int) high.get(i), fds.get(i).child()),
                                "adddup2 " + fds.get(i).child());
                    }
                    int first = fds.stream().mapToInt(Fd::child).max().orElse(2) + 1;
                    for (int n = 3; n < first; n++) {
                        int number = n;
                        if (fds.stream().noneMatch(f -> f.child() == number)) {
                            check((int) F.ADDCLOSE.invokeExact(actions, n), "addclose " + n);
                        }
                    }
                    check((int) F.ADDCLOSEFROM.invokeExact(actions, first), "addclosefrom");
                    MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
                    MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
                    check((int) F.SIGFILLSET.invokeExact(all), "sigfillset");
                    check((int) F.SIGEMPTYSET.invokeExact(none), "sigemptyset");
                    check((int) F.SETSIGDEFAULT.invokeExact(attr, all), "posix_spawnattr_setsigdefault");
                    check((int) F.SETSIGMASK.invokeExact(attr, none), "posix_spawnattr_setsigmask");
                    short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
                            | (newSession ? POSIX_SPAWN_SETSID : 0));
                    check((int) F.SETFLAGS.invokeExact(attr, flags), "posix_spawnattr_setflags");
                    MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                    int rc = (int) F.SPAWNP.invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                            strings(arena, argv), strings(arena, environment(env)));
                    if (rc != 0) {
                        throw new IOException("cannot run " + argv.getFirst() + ": " + strerror(rc));
                    }
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    int ignored = (int) F.ACTIONS_DESTROY.invokeExact(actions);
                    ignored = (int) F.ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                for (int h : high) {
                    int ignored = (int) F.CLOSE.invokeExact(h);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot call posix_spawnp: " + t, t);
        }
    }

    /**
     * Waits until a child started by {@link #spawn} ends, and reaps it. Blocks in the kernel: call
     * it from a platform thread of its own.
     *
     * @param pid the child
     * @return its exit code, or 128 plus the signal that killed it (as the JDK reports); -1 when
     *     the pid is not a child of this process
     */
    public static int waitFor(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = arena.allocate(F.CAPTURE);
            while (true) {
                int rc = (int) F.WAITPID.invokeExact(state, (int) pid, status, 0);
                if (rc == pid) {
                    int s = status.get(ValueLayout.JAVA_INT, 0);
                    return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
                }
                if (rc < 0 && !interrupted(F.errno(state))) {
                    return -1;
                }
            }
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Returns whether the last call failed with EINTR (it is then retried). */
    private static boolean interrupted(int errno) {
        return errno == 4;
    }

    /**
     * Opens a file for reading and writing with close-on-exec set (the descriptor reaches a child
     * only as a passed {@link Fd}).
     *
     * @param path the file, such as {@code /dev/tap7}
     * @return the descriptor
     * @throws IOException when it cannot be opened
     */
    public static int openReadWrite(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(F.CAPTURE);
            int fd = (int) F.OPEN.invokeExact(state, arena.allocateFrom(path.toString()), 02 | 02000000);
            if (fd < 0) {
                throw new IOException("cannot open " + path + ": " + strerror(F.errno(state)));
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot open " + path + ": " + t, t);
        }
    }

    /**
     * Closes a descriptor; errors are ignored.
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        try {
            int ignored = (int) F.CLOSE.invokeExact(fd);
        } catch (Throwable ignored) {
            // nothing to do
        }
    }

    private static List<String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.putAll(extra);
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + strerror(rc));
        }
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) F.STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** The libc functions, linked on first use of this class. */
    private static final class F {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
        private static final ValueLayout A = ValueLayout.ADDRESS;

        static final MethodHandle ACTIONS_INIT = link("posix_spawn_file_actions_init", FunctionDescriptor.of(I, A));
        static final MethodHandle ACTIONS_DESTROY = link("posix_spawn_file_actions_destroy",
                FunctionDescriptor.of(I, A));
        static final MethodHandle ADDOPEN = link("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(I, A, I, A, I, I));
        static final MethodHandle ADDDUP2 = link("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(I, A, I, I));
        static final MethodHandle ADDCLOSE = link("posix_spawn_file_actions_addclose", FunctionDescriptor.of(I, A, I));
        static final MethodHandle ADDCLOSEFROM = link("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(I, A, I));
        static final MethodHandle ATTR_INIT = link("posix_spawnattr_init", FunctionDescriptor.of(I, A));
        static final MethodHandle ATTR_DESTROY = link("posix_spawnattr_destroy", FunctionDescriptor.of(I, A));
        static final MethodHandle SETFLAGS = link("posix_spawnattr_setflags",
                FunctionDescriptor.of(I, A, ValueLayout.JAVA_SHORT));
        static final MethodHandle SETSIGDEFAULT = link("posix_spawnattr_setsigdefault", FunctionDescriptor.of(I, A, A));
        static final MethodHandle SETSIGMASK = link("posix_spawnattr_setsigmask", FunctionDescriptor.of(I, A, A));
        static final MethodHandle SIGFILLSET = link("sigfillset", FunctionDescriptor.of(I, A));
        static final MethodHandle SIGEMPTYSET = link("sigemptyset", FunctionDescriptor.of(I, A));
        static final MethodHandle SPAWNP = link("posix_spawnp", FunctionDescriptor.of(I, A, A, A, A, A, A));
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle WAITPID = LINKER.downcallHandle(find("waitpid"), FunctionDescriptor.of(I, I, A, I),
                Linker.Option.captureCallState("errno"));
        static final MethodHandle FCNTL = LINKER.downcallHandle(find("fcntl"), FunctionDescriptor.of(I, I, I, I),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle OPEN = LINKER.downcallHandle(find("open"), FunctionDescriptor.of(I, A, I),
                Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
        static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(I, I));
        static final MethodHandle STRERROR = link("strerror", FunctionDescriptor.of(A, I));

        private static MemorySegment find(String name) {
            return LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException(
                    "the libc function " + name + " is missing (jvirt needs glibc 2.34 or later)"));
        }

        private static MethodHandle link(String name, FunctionDescriptor type) {
            return LINKER.downcallHandle(find(name), type);
        }

        /** errno as the call that filled {@code state} left it. */
        static int errno(MemorySegment state) {
            return (int) ERRNO.get(state, 0L);
        }
    }
}
