package io.jvirt.daemon.inspect;

import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Host readings from maps the test fills; what is not set is not there. */
final class FakeHostReadings implements HostReadings {
    final Map<Long, CpuTimes> processes = new HashMap<>();
    final Map<Long, CpuTimes> threads = new HashMap<>();
    final Map<Long, Long> waits = new HashMap<>();
    final Map<Long, Long> delays = new HashMap<>();
    final Map<Long, Long> rss = new HashMap<>();
    final Map<String, NetCounters> nets = new HashMap<>();
    final Map<String, Long> sizes = new HashMap<>();

    @Override
    public Optional<CpuTimes> processTimes(long pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    @Override
    public Optional<CpuTimes> threadTimes(long pid, long tid) {
        return Optional.ofNullable(threads.get(tid));
    }

    @Override
    public OptionalLong threadWaitNs(long pid, long tid) {
        return waits.containsKey(tid) ? OptionalLong.of(waits.get(tid)) : OptionalLong.empty();
    }

    @Override
    public OptionalLong threadDelayNs(long pid, long tid) {
        return delays.containsKey(tid) ? OptionalLong.of(delays.get(tid)) : OptionalLong.empty();
    }

    @Override
    public OptionalLong rssKiB(long pid) {
        return rss.containsKey(pid) ? OptionalLong.of(rss.get(pid)) : OptionalLong.empty();
    }

    @Override
    public Optional<NetCounters> netCounters(String device) {
        return Optional.ofNullable(nets.get(device));
    }

    @Override
    public OptionalLong physicalSize(String path) {
        return sizes.containsKey(path) ? OptionalLong.of(sizes.get(path)) : OptionalLong.empty();
    }

    @Override
    public NodeInfo nodeInfo() {
        return new NodeInfo("x86_64", 2, 2596, 1, 2, 1, 1, 24683784);
    }

    @Override
    public NodeMemoryStats nodeMemory() {
        return new NodeMemoryStats(24683784, 20798840, 85080, 2747500);
    }

    @Override
    public Optional<NodeCpuStats> nodeCpu(int cpu) {
        return Optional.empty();
    }
}
