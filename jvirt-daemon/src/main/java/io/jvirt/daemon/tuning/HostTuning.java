package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.CpuTuneDef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host side of placement and tuning, the seam between {@link DomainTuning}'s decisions and
 * the kernel: CPU affinity and scheduling policies of threads, QEMU's cgroup, huge page pools.
 * {@link LinuxHostTuning} is the real one; tests pass fakes, so the orchestration is tested
 * without root, cgroups or QEMU. Every operation that changes the host names only threads of
 * the domain's QEMU and cgroups jvirt created itself.
 */
public interface HostTuning {

    /** The host CPUs that are online. */
    BitSet onlineCpus();

    /** The host NUMA nodes. */
    BitSet numaNodes();

    /**
     * A huge page pool of the host.
     *
     * @param total the pages reserved ({@code nr_hugepages})
     * @param free the pages not in use
     */
    record HugePool(long total, long free) {
    }

    /** The host's default huge page size in KiB ({@code Hugepagesize} of {@code /proc/meminfo}). */
    long defaultHugepageKiB();

    /** The huge page pools by page size in KiB (only the sizes the kernel supports). */
    Map<Long, HugePool> hugePools();

    /** The hugetlbfs mounts by page size in KiB. */
    Map<Long, Path> hugetlbfsMounts();

    /** The thread ids of a process, from {@code /proc/PID/task}. */
    List<Long> threads(long pid) throws IOException;

    /** Sets the CPUs a thread may run on; the message of the exception is the kernel's. */
    void setAffinity(long tid, BitSet cpus) throws IOException;

    /** Sets a thread's scheduling policy (and real-time priority); the message is the kernel's. */
    void setScheduler(long tid, CpuTuneDef.Scheduler policy, int priority) throws IOException;

    /**
     * Why QEMU cannot get a cgroup of its own on this host (no cgroup v2 hierarchy, or it is not
     * writable), as a phrase; null when it can.
     */
    String cgroupUnavailable();

    /**
     * The cgroup v2 controllers a domain's cgroup gets (of cpu, cpuset, memory, io); one the host
     * does not delegate to jvirt's slice is missing.
     */
    Set<String> cgroupControllers();

    /**
     * Why a controller missing from {@link #cgroupControllers()} is missing, as a phrase such as
     * "the cgroup v2 cpu controller is not available".
     */
    String controllerUnavailable(String controller);

    /**
     * Creates a domain's cgroup in jvirt's slice, with every controller of
     * {@link #cgroupControllers()} enabled for it.
     *
     * @param name the group's name, unique on the host
     * @return the group's directory
     */
    Path createCgroup(String name) throws IOException;

    /**
     * Creates a threaded child of a domain's cgroup (for the CPU bandwidth of single threads).
     *
     * @param group the domain's group
     * @param name the child's name, such as {@code vcpu0}
     * @return the child's directory
     */
    Path createThreadedChild(Path group, String name) throws IOException;

    /** Moves a whole process into a cgroup ({@code cgroup.procs}). */
    void moveProcess(Path group, long pid) throws IOException;

    /** Moves one thread into a threaded cgroup ({@code cgroup.threads}). */
    void moveThread(Path group, long tid) throws IOException;

    /** Writes a cgroup interface file, such as {@code cpu.max}. */
    void writeCgroup(Path group, String file, String value) throws IOException;

    /**
     * Removes a cgroup and its children once its processes are gone; waits a little for the
     * kernel to let go of exited tasks.
     */
    void removeCgroup(Path group) throws IOException;

    /** Returns {@code major:minor} of a block device node, for {@code io.weight} and {@code io.max}. */
    String blockDevice(Path node) throws IOException;
}
