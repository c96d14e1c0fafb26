package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.CpuTuneDef;
import io.jvirt.sys.Sched;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@link HostTuning} on Linux: {@code /sys} and {@code /proc} for the host's CPUs, nodes and huge
 * pages, {@link Sched} for affinity and policies, and the cgroup v2 hierarchy (wherever
 * {@code /proc/self/mountinfo} says it is mounted) for QEMU's cgroup, in {@code jvirt.slice}
 * under its root. jvirt writes only inside {@code jvirt.slice}: a controller the root does not
 * enable for its children is reported as unavailable, never enabled by jvirt.
 */
public final class LinuxHostTuning implements HostTuning {

    /** The controllers a domain's cgroup uses. */
    static final List<String> CONTROLLERS = List.of("cpu", "cpuset", "memory", "io");
    private static final String SLICE = "jvirt.slice";

    private final Path sys;
    private final Path proc;

    /** The real host. */
    public LinuxHostTuning() {
        this(Path.of("/sys"), Path.of("/proc"));
    }

    LinuxHostTuning(Path sys, Path proc) {
        this.sys = sys;
        this.proc = proc;
    }

    @Override
    public BitSet onlineCpus() {
        return set(sys.resolve("devices/system/cpu/online"));
    }

    @Override
    public BitSet numaNodes() {
        BitSet nodes = set(sys.resolve("devices/system/node/online"));
        if (nodes.isEmpty()) {
            nodes.set(0); // a kernel without NUMA has one node
        }
        return nodes;
    }

    private static BitSet set(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? new BitSet() : CpuSet.parse(text, file.toString()).bits();
        } catch (IOException | RuntimeException e) {
            return new BitSet();
        }
    }

    @Override
    public long defaultHugepageKiB() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
                if (line.startsWith("Hugepagesize:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the x86 default below
        }
        return 2048;
    }

    @Override
    public Map<Long, HugePool> hugePools() {
        Map<Long, HugePool> out = new TreeMap<>();
        Path dir = sys.resolve("kernel/mm/hugepages");
        try (DirectoryStream<Path> pools = Files.newDirectoryStream(dir, "hugepages-*kB")) {
            for (Path p : pools) {
                String n = p.getFileName().toString();
                long size = Long.parseLong(n.substring("hugepages-".length(), n.length() - 2));
                out.put(size, new HugePool(number(p.resolve("nr_hugepages")), number(p.resolve("free_hugepages"))));
            }
        } catch (IOException | NumberFormatException e) {
            // no huge pages on this kernel
        }
        return out;
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    @Override
    public Map<Long, Path> hugetlbfsMounts() {
        Map<Long, Path> out = new TreeMap<>();
        long defaultKiB = defaultHugepageKiB();
        for (Mount m : mounts()) {
            if (m.type().equals("hugetlbfs")) {
                long size = defaultKiB;
                for (String o : m.options()) {
                    if (o.startsWith("pagesize=")) {
                        size = kib(o.substring("pagesize=".length()));
                    }
                }
                out.putIfAbsent(size, m.point());
            }
        }
        return out;
    }

    /** A hugetlbfs pagesize option ({@code 2M}, {@code 1G}, {@code 2048k}) in KiB. */
    static long kib(String size) {
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        long n = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'K' -> n;
            case 'M' -> n * 1024;
            case 'G' -> n * 1024 * 1024;
            default -> n / 1024;
        };
    }

    /** A line of {@code mountinfo}: the mount point, the file system type and the super block options. */
    record Mount(Path point, String type, List<String> options) {
    }

    List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2) {
                    continue;
                }
                String[] left = halves[0].split(" ");
                String[] right = halves[1].split(" ");
                if (left.length < 5 || right.length < 3) {
                    continue;
                }
                String point = left[4].replace("\\040", " ");
                out.add(new Mount(Path.of(point), right[0], Arrays.asList(right[2].split(","))));
            }
        } catch (IOException e) {
            // nothing mounted that we can see
        }
        return out;
    }

    @Override
    public List<Long> threads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(proc.resolve(pid + "/task"))) {
            return tasks.map(t -> Long.parseLong(t.getFileName().toString())).sorted().toList();
        }
    }

    @Override
    public void setAffinity(long tid, BitSet cpus) throws IOException {
        try {
            Sched.setAffinity(tid, cpus);
        } catch (Sched.SchedException e) {
            throw new IOException("sched_setaffinity: " + e.getMessage(), e);
        }
    }

    @Override
    public void setScheduler(long tid, CpuTuneDef.Scheduler policy, int priority) throws IOException {
        int p = switch (policy) {
            case BATCH -> Sched.SCHED_BATCH;
            case IDLE -> Sched.SCHED_IDLE;
            case FIFO -> Sched.SCHED_FIFO;
            case RR -> Sched.SCHED_RR;
        };
        try {
            Sched.setScheduler(tid, p, policy.realTime() ? priority : 0);
        } catch (Sched.SchedException e) {
            throw new IOException("sched_setscheduler: " + e.getMessage(), e);
        }
    }

    // ---- cgroup v2

    /** The cgroup v2 mount point, or null. */
    Path cgroupRoot() {
        return mounts().stream().filter(m -> m.type().equals("cgroup2")).map(Mount::point).findFirst().orElse(null);
    }

    @Override
    public String cgroupUnavailable() {
        Path root = cgroupRoot();
        if (root == null) {
            return "the host has no cgroup v2 hierarchy mounted";
        }
        if (!Files.isWritable(root)) {
            return "jvirtd cannot write the cgroup v2 hierarchy at " + root;
        }
        return null;
    }

    private Set<String> words(Path file) {
        try {
            return new LinkedHashSet<>(Arrays.asList(Files.readString(file).strip().split("\\s+")));
        } catch (IOException e) {
            return Set.of();
        }
    }

    @Override
    public Set<String> cgroupControllers() {
        Path root = cgroupRoot();
        if (root == null) {
            return Set.of();
        }
        Set<String> delegated = words(root.resolve("cgroup.subtree_control"));
        Set<String> out = new HashSet<>();
        for (String c : CONTROLLERS) {
            if (delegated.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public String controllerUnavailable(String controller) {
        Path root = cgroupRoot();
        if (root == null) {
            return "the host has no cgroup v2 hierarchy mounted";
        }
        if (!words(root.resolve("cgroup.controllers")).contains(controller)) {
            return "the cgroup v2 " + controller + " controller is not available (the hierarchy at " + root
                    + " has only " + String.join(" ", words(root.resolve("cgroup.controllers"))).strip() + ")";
        }
        return "the cgroup v2 " + controller + " controller is not enabled for child groups in " + root
                + "/cgroup.subtree_control";
    }

    @Override
    public Path createCgroup(String name) throws IOException {
        Path root = cgroupRoot();
        if (root == null) {
            throw new IOException("the host has no cgroup v2 hierarchy mounted");
        }
        Path slice = root.resolve(SLICE);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.createDirectories(slice);
                enable(slice, cgroupControllers());
                Path group = Files.createDirectory(slice.resolve(name));
                return group;
            } catch (NoSuchFileException e) {
                last = e; // another daemon removed the empty slice meanwhile: make it again
            }
        }
        throw last;
    }

    /** Enables controllers for the children of a group, those not enabled yet. */
    private void enable(Path group, Set<String> controllers) throws IOException {
        Set<String> on = words(group.resolve("cgroup.subtree_control"));
        StringBuilder b = new StringBuilder();
        for (String c : CONTROLLERS) {
            if (controllers.contains(c) && !on.contains(c)) {
                b.append(b.isEmpty() ? "" : " ").append('+').append(c);
            }
        }
        if (!b.isEmpty()) {
            Files.writeString(group.resolve("cgroup.subtree_control"), b.toString());
        }
    }

    @Override
    public Path createThreadedChild(Path group, String name) throws IOException {
        Path child = Files.createDirectory(group.resolve(name));
        Files.writeString(child.resolve("cgroup.type"), "threaded");
        enable(group, Set.of("cpu"));
        return child;
    }

    @Override
    public void moveProcess(Path group, long pid) throws IOException {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public void moveThread(Path group, long tid) throws IOException {
        Files.writeString(group.resolve("cgroup.threads"), Long.toString(tid));
    }

    @Override
    public void writeCgroup(Path group, String file, String value) throws IOException {
        try {
            Files.writeString(group.resolve(file), value);
        } catch (FileSystemException e) {
            throw new IOException("writing '" + value + "' to " + group.resolve(file) + " failed: "
                    + (e.getReason() == null ? e.getMessage() : e.getReason()), e);
        }
    }

    @Override
    public void removeCgroup(Path group) throws IOException {
        try (Stream<Path> kids = Files.list(group)) {
            for (Path k : kids.filter(Files::isDirectory).toList()) {
                rmdir(k);
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        rmdir(group);
        try {
            Files.delete(group.getParent()); // the slice, once no domain is left in it
        } catch (IOException stillUsed) {
            // other domains run in it
        }
    }

    /** Removes a cgroup directory, waiting up to 2 s for the kernel to release exited tasks (EBUSY). */
    private static void rmdir(Path dir) throws IOException {
        for (int i = 0; ; i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (FileSystemException busy) {
                if (i >= 40) {
                    throw busy;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    @Override
    public String blockDevice(Path node) throws IOException {
        Object rdev = Files.getAttribute(node, "unix:rdev");
        if (!(rdev instanceof Long dev) || dev == 0) {
            throw new IOException(node + " is not a block device");
        }
        // glibc's gnu_dev_major and gnu_dev_minor
        long major = ((dev & 0x00000000000fff00L) >>> 8) | ((dev & 0xfffff00000000000L) >>> 32);
        long minor = (dev & 0x00000000000000ffL) | ((dev & 0x00000ffffff00000L) >>> 12);
        return major + ":" + minor;
    }
}
