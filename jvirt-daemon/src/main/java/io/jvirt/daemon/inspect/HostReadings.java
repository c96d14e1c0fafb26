package io.jvirt.daemon.inspect;

import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the statistics read from the host rather than from QEMU: process and thread times,
 * tap counters, file sizes, the host's processors and memory. {@link ProcHostReadings} reads
 * /proc and /sys; tests pass fakes. A reading that is not there (a process gone, a tap
 * removed) is empty, never an exception: statistics leave out what they cannot read, as
 * libvirt's do.
 */
public interface HostReadings {
    /** User and system CPU time, in nanoseconds. */
    record CpuTimes(long userNs, long systemNs) {
        public long totalNs() {
            return userNs + systemNs;
        }
    }

    /** A network device's counters as the host counts them (received by the host, sent by the host). */
    record NetCounters(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
                       long txErrors, long txDropped) {
    }

    /** A process's CPU time, all its threads together. */
    Optional<CpuTimes> processTimes(long pid);

    /** One thread's CPU time. */
    Optional<CpuTimes> threadTimes(long pid, long tid);

    /** How long a thread waited for a CPU while runnable, in nanoseconds (the scheduler's wait_sum). */
    OptionalLong threadWaitNs(long pid, long tid);

    /** How long a thread waited on a run queue, in nanoseconds (the second field of schedstat). */
    OptionalLong threadDelayNs(long pid, long tid);

    /** The process's resident memory, in KiB. */
    OptionalLong rssKiB(long pid);

    /** A host network device's counters. */
    Optional<NetCounters> netCounters(String device);

    /** A file's or block device's size in bytes. */
    OptionalLong physicalSize(String path);

    /** The host's processors and memory. */
    NodeInfo nodeInfo();

    /** The host's memory use. */
    NodeMemoryStats nodeMemory();

    /**
     * The host's processor time.
     *
     * @param cpu a processor, or -1 for all
     * @return empty when the host has no such processor
     */
    Optional<NodeCpuStats> nodeCpu(int cpu);
}
