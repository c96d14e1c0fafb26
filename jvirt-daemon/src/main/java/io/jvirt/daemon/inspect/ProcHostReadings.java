package io.jvirt.daemon.inspect;

import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/** {@link HostReadings} from Linux's /proc and /sys. */
public final class ProcHostReadings implements HostReadings {
    /** Linux's USER_HZ, the unit of /proc's tick counts, on every architecture jvirt runs on. */
    private static final long NS_PER_TICK = 10_000_000L;
    private static final long PAGE_KIB = 4;

    private final Path proc;
    private final Path sys;

    public ProcHostReadings() {
        this(Path.of("/proc"), Path.of("/sys"));
    }

    /** Readings under other roots (tests give recorded trees). */
    public ProcHostReadings(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    @Override
    public Optional<CpuTimes> processTimes(long pid) {
        return statFields(proc.resolve(Long.toString(pid)).resolve("stat")).map(ProcHostReadings::times);
    }

    @Override
    public Optional<CpuTimes> threadTimes(long pid, long tid) {
        return statFields(task(pid, tid).resolve("stat")).map(ProcHostReadings::times);
    }

    @Override
    public OptionalLong threadWaitNs(long pid, long tid) {
        for (String line : lines(task(pid, tid).resolve("sched"))) {
            if (line.startsWith("se.statistics.wait_sum") || line.startsWith("se.wait_sum")) {
                int colon = line.indexOf(':');
                try {
                    // milliseconds with a fraction of six digits
                    double ms = Double.parseDouble(line.substring(colon + 1).trim());
                    return OptionalLong.of(Math.round(ms * 1_000_000));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong threadDelayNs(long pid, long tid) {
        List<String> l = lines(task(pid, tid).resolve("schedstat"));
        if (l.isEmpty()) {
            return OptionalLong.empty();
        }
        String[] f = l.getFirst().trim().split("\\s+");
        return f.length < 2 ? OptionalLong.empty() : parse(f[1]);
    }

    @Override
    public OptionalLong rssKiB(long pid) {
        return statFields(proc.resolve(Long.toString(pid)).resolve("stat"))
                .map(f -> OptionalLong.of(Long.parseLong(f[21]) * PAGE_KIB)).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<NetCounters> netCounters(String device) {
        if (device == null || device.contains("/") || device.startsWith(".")) {
            return Optional.empty();
        }
        Path s = sys.resolve("class/net").resolve(device).resolve("statistics");
        long[] v = new long[8];
        String[] names = {"rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors",
            "tx_dropped"};
        for (int i = 0; i < names.length; i++) {
            OptionalLong n = single(s.resolve(names[i]));
            if (n.isEmpty()) {
                return Optional.empty();
            }
            v[i] = n.getAsLong();
        }
        return Optional.of(new NetCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
    }

    @Override
    public OptionalLong physicalSize(String path) {
        try {
            Path p = Path.of(path);
            if (Files.isRegularFile(p)) {
                return OptionalLong.of(Files.size(p));
            }
            // a block device: its size in 512-byte sectors under /sys/class/block
            return blockSize(p.toRealPath());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private OptionalLong blockSize(Path device) {
        OptionalLong sectors = single(sys.resolve("class/block").resolve(device.getFileName().toString())
                .resolve("size"));
        return sectors.isPresent() ? OptionalLong.of(sectors.getAsLong() * 512) : OptionalLong.empty();
    }

    @Override
    public NodeInfo nodeInfo() {
        int cpus = 0;
        int mhz = 0;
        int cores = 0;
        int siblings = 0;
        Set<String> sockets = new HashSet<>();
        for (String line : lines(proc.resolve("cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> cpus++;
                case "cpu MHz" -> mhz = mhz == 0 ? (int) Double.parseDouble(value) : mhz;
                case "physical id" -> sockets.add(value);
                case "cpu cores" -> cores = cores == 0 ? Integer.parseInt(value) : cores;
                case "siblings" -> siblings = siblings == 0 ? Integer.parseInt(value) : siblings;
                default -> { }
            }
        }
        int socketCount = Math.max(1, sockets.size());
        int coresPerSocket = cores > 0 ? cores : Math.max(1, cpus / socketCount);
        int threads = cores > 0 && siblings >= cores ? siblings / cores : 1;
        return new NodeInfo(System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"),
                cpus, mhz, socketCount, coresPerSocket, threads, Math.max(1, numaNodes()), meminfo("MemTotal"));
    }

    private int numaNodes() {
        try (Stream<Path> s = Files.list(sys.resolve("devices/system/node"))) {
            return (int) s.filter(p -> p.getFileName().toString().matches("node[0-9]+")).count();
        } catch (IOException e) {
            return 1;
        }
    }

    @Override
    public NodeMemoryStats nodeMemory() {
        return new NodeMemoryStats(meminfo("MemTotal"), meminfo("MemFree"), meminfo("Buffers"), meminfo("Cached"));
    }

    @Override
    public Optional<NodeCpuStats> nodeCpu(int cpu) {
        String header = cpu < 0 ? "cpu" : "cpu" + cpu;
        for (String line : lines(proc.resolve("stat"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals(header)) {
                long user = Long.parseLong(f[1]) + Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
                return Optional.of(new NodeCpuStats(cpu, user * NS_PER_TICK, system * NS_PER_TICK,
                        Long.parseLong(f[4]) * NS_PER_TICK, Long.parseLong(f[5]) * NS_PER_TICK));
            }
        }
        return Optional.empty();
    }

    private long meminfo(String key) {
        for (String line : lines(proc.resolve("meminfo"))) {
            if (line.startsWith(key + ":")) {
                String[] f = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return 0;
    }

    private Path task(long pid, long tid) {
        return proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid));
    }

    /** The fields of a stat line after the command name, from the state on (index 0 is the state). */
    private static Optional<String[]> statFields(Path file) {
        List<String> l = lines(file);
        if (l.isEmpty()) {
            return Optional.empty();
        }
        String line = l.getFirst();
        int close = line.lastIndexOf(')');
        return close < 0 ? Optional.empty() : Optional.of(line.substring(close + 2).split(" "));
    }

    /** utime and stime are fields 14 and 15 of stat, 11 and 12 after the state. */
    private static CpuTimes times(String[] f) {
        return new CpuTimes(Long.parseLong(f[11]) * NS_PER_TICK, Long.parseLong(f[12]) * NS_PER_TICK);
    }

    private static OptionalLong single(Path file) {
        List<String> l = lines(file);
        return l.isEmpty() ? OptionalLong.empty() : parse(l.getFirst().trim());
    }

    private static OptionalLong parse(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
