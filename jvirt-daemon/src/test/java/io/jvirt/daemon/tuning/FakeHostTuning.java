package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.CpuTuneDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A host for the tuning tests: two CPUs, one NUMA node, configurable huge pages, a cgroup v2
 * hierarchy in a temporary directory with chosen controllers; it records every change asked of it
 * and fails the ones a test names.
 */
public final class FakeHostTuning implements HostTuning {

    /** Every change, in order: {@code affinity 7 0-1}, {@code cgroup create NAME}, {@code write vcpu0/cpu.max 50000 100000}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Thread ids whose affinity the kernel refuses, with its reason. */
    public final Map<Long, String> refuseAffinity = new HashMap<>();
    public BitSet cpus = bits("0-1");
    public BitSet nodes = bits("0");
    public Map<Long, HugePool> pools = new LinkedHashMap<>(Map.of(2048L, new HugePool(0, 0)));
    public final Map<Long, Path> mounts = new LinkedHashMap<>();
    public String cgroupUnavailable;
    public Set<String> controllers = Set.of("cpu", "memory", "io", "cpuset");
    public List<Long> threads = List.of();
    private final Path cgroupRoot;

    /** A host whose cgroups live in {@code dir}. */
    public FakeHostTuning(Path dir) {
        this.cgroupRoot = dir;
    }

    static BitSet bits(String set) {
        return CpuSet.parse(set, "x").bits();
    }

    @Override
    public BitSet onlineCpus() {
        return cpus;
    }

    @Override
    public BitSet numaNodes() {
        return nodes;
    }

    @Override
    public long defaultHugepageKiB() {
        return 2048;
    }

    @Override
    public Map<Long, HugePool> hugePools() {
        return pools;
    }

    @Override
    public Map<Long, Path> hugetlbfsMounts() {
        return mounts;
    }

    @Override
    public List<Long> threads(long pid) {
        return threads;
    }

    @Override
    public void setAffinity(long tid, BitSet set) throws IOException {
        String refused = refuseAffinity.get(tid);
        if (refused != null) {
            throw new IOException(refused);
        }
        calls.add("affinity " + tid + " " + new CpuSet(set));
    }

    @Override
    public void setScheduler(long tid, CpuTuneDef.Scheduler policy, int priority) {
        calls.add("scheduler " + tid + " " + policy.xml() + " " + priority);
    }

    @Override
    public String cgroupUnavailable() {
        return cgroupUnavailable;
    }

    @Override
    public Set<String> cgroupControllers() {
        return controllers;
    }

    @Override
    public String controllerUnavailable(String controller) {
        return "the cgroup v2 " + controller + " controller is not available";
    }

    @Override
    public Path createCgroup(String name) throws IOException {
        calls.add("cgroup create " + name);
        return Files.createDirectories(cgroupRoot.resolve("jvirt.slice").resolve(name));
    }

    @Override
    public Path createThreadedChild(Path group, String name) throws IOException {
        calls.add("cgroup child " + name);
        return Files.createDirectory(group.resolve(name));
    }

    @Override
    public void moveProcess(Path group, long pid) {
        calls.add("procs " + group.getFileName() + " " + pid);
    }

    @Override
    public void moveThread(Path group, long tid) {
        calls.add("threads " + group.getFileName() + " " + tid);
    }

    @Override
    public void writeCgroup(Path group, String file, String value) throws IOException {
        String where = group.getParent().getFileName().toString().equals("jvirt.slice") ? file
                : group.getFileName() + "/" + file;
        calls.add("write " + where + " " + value);
        Files.writeString(group.resolve(file), value);
    }

    @Override
    public void removeCgroup(Path group) throws IOException {
        calls.add("cgroup remove " + group.getFileName());
        try (Stream<Path> kids = Files.list(group)) {
            for (Path k : kids.toList()) {
                if (Files.isDirectory(k)) {
                    try (Stream<Path> files = Files.list(k)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                }
                Files.delete(k);
            }
        }
        Files.delete(group);
    }

    @Override
    public String blockDevice(Path node) {
        return "8:0";
    }
}
