package io.jvirt.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;

/**
 * Where and how a thread runs: {@code sched_setaffinity}/{@code sched_getaffinity} and
 * {@code sched_setscheduler}/{@code sched_getscheduler}, called through the Foreign Function
 * API with errno captured. A thread is named by its Linux thread id (a process's main thread
 * has the process id), as QEMU reports its vCPU and I/O threads.
 */
public final class Sched {

    /** SCHED_OTHER, the default time-sharing policy. */
    public static final int SCHED_OTHER = 0;
    /** SCHED_FIFO, real time first-in first-out. */
    public static final int SCHED_FIFO = 1;
    /** SCHED_RR, real time round robin. */
    public static final int SCHED_RR = 2;
    /** SCHED_BATCH, CPU-bound batch work. */
    public static final int SCHED_BATCH = 3;
    /** SCHED_IDLE, only when nothing else runs. */
    public static final int SCHED_IDLE = 5;

    /** Bytes of the CPU mask passed to the kernel: room for 16384 CPUs. */
    private static final int MASK_BYTES = 2048;

    private static final MethodHandle SET_AFFINITY;
    private static final MethodHandle GET_AFFINITY;
    private static final MethodHandle SET_SCHEDULER;
    private static final MethodHandle GET_SCHEDULER;
    private static final MethodHandle STRERROR;
    private static final VarHandle ERRNO;
    private static final long CAPTURE_SIZE;
    private static final String UNAVAILABLE;

    static {
        MethodHandle setAffinity = null;
        MethodHandle getAffinity = null;
        MethodHandle setScheduler = null;
        MethodHandle getScheduler = null;
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
            FunctionDescriptor affinity = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
            setAffinity = linker.downcallHandle(libc.find("sched_setaffinity").orElseThrow(), affinity, ccs);
            getAffinity = linker.downcallHandle(libc.find("sched_getaffinity").orElseThrow(), affinity, ccs);
            setScheduler = linker.downcallHandle(libc.find("sched_setscheduler").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS), ccs);
            getScheduler = linker.downcallHandle(libc.find("sched_getscheduler").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ccs);
            strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(
                            256, ValueLayout.JAVA_BYTE)), ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            why = e.toString();
        }
        SET_AFFINITY = setAffinity;
        GET_AFFINITY = getAffinity;
        SET_SCHEDULER = setScheduler;
        GET_SCHEDULER = getScheduler;
        STRERROR = strerror;
        ERRNO = errno;
        CAPTURE_SIZE = captureSize;
        UNAVAILABLE = why;
    }

    private Sched() {
    }

    /** A failed call: errno and its text from the C library. */
    public static final class SchedException extends Exception {
        private final int errno;

        SchedException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        /** Returns errno, or -1 when the call could not be made at all. */
        public int errno() {
            return errno;
        }
    }

    /**
     * Sets the CPUs a thread may run on.
     *
     * @param tid the thread id
     * @param cpus the host CPUs, at least one online
     * @throws SchedException with errno (ESRCH: no such thread, EINVAL: no online CPU in the set,
     *     EPERM: not allowed)
     */
    public static void setAffinity(long tid, BitSet cpus) throws SchedException {
        ensureAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length && i < MASK_BYTES / 8; i++) {
                mask.setAtIndex(ValueLayout.JAVA_LONG, i, words[i]);
            }
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int rc = (int) SET_AFFINITY.invokeExact(state, (int) tid, (long) MASK_BYTES, mask);
            if (rc != 0) {
                throw error(state);
            }
        } catch (SchedException e) {
            throw e;
        } catch (Throwable t) {
            throw new SchedException(-1, "sched_setaffinity could not be called: " + t);
        }
    }

    /**
     * Returns the CPUs a thread may run on.
     *
     * @param tid the thread id
     * @return the CPUs
     * @throws SchedException with errno when the call fails
     */
    public static BitSet affinity(long tid) throws SchedException {
        ensureAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int rc = (int) GET_AFFINITY.invokeExact(state, (int) tid, (long) MASK_BYTES, mask);
            if (rc < 0) {
                throw error(state);
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        } catch (SchedException e) {
            throw e;
        } catch (Throwable t) {
            throw new SchedException(-1, "sched_getaffinity could not be called: " + t);
        }
    }

    /**
     * Sets a thread's scheduling policy.
     *
     * @param tid the thread id
     * @param policy one of the {@code SCHED_*} constants
     * @param priority the real-time priority (1 to 99) for FIFO and RR, 0 otherwise
     * @throws SchedException with errno (EINVAL: a priority out of range, EPERM: not allowed)
     */
    public static void setScheduler(long tid, int policy, int priority) throws SchedException {
        ensureAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
            param.set(ValueLayout.JAVA_INT, 0, priority);
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int rc = (int) SET_SCHEDULER.invokeExact(state, (int) tid, policy, param);
            if (rc != 0) {
                throw error(state);
            }
        } catch (SchedException e) {
            throw e;
        } catch (Throwable t) {
            throw new SchedException(-1, "sched_setscheduler could not be called: " + t);
        }
    }

    /**
     * Returns a thread's scheduling policy.
     *
     * @param tid the thread id
     * @return one of the {@code SCHED_*} constants
     * @throws SchedException with errno when the call fails
     */
    public static int scheduler(long tid) throws SchedException {
        ensureAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int rc = (int) GET_SCHEDULER.invokeExact(state, (int) tid);
            if (rc < 0) {
                throw error(state);
            }
            return rc;
        } catch (SchedException e) {
            throw e;
        } catch (Throwable t) {
            throw new SchedException(-1, "sched_getscheduler could not be called: " + t);
        }
    }

    private static void ensureAvailable() throws SchedException {
        if (UNAVAILABLE != null) {
            throw new SchedException(-1, "the scheduler calls are unavailable in this JVM: " + UNAVAILABLE);
        }
    }

    private static SchedException error(MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        String text;
        try {
            text = ((MemorySegment) STRERROR.invokeExact(errno)).getString(0);
        } catch (Throwable t) {
            text = "errno " + errno;
        }
        return new SchedException(errno, text);
    }
}
