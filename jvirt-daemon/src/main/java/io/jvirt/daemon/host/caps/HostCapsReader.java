package io.jvirt.daemon.host.caps;

import io.jvirt.daemon.host.HostView;
import io.jvirt.qemu.caps.CpuModelChooser;
import io.jvirt.qemu.caps.QemuCaps;
import io.jvirt.qemu.caps.QemuCapsParser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the host's part of the capabilities from a {@link HostView} (sysfs) and the text of
 * {@code /proc/cpuinfo}, {@code /proc/meminfo} and the machine id; tests give it a fake tree.
 */
public final class HostCapsReader {
    private static final Pattern HUGE_DIR = Pattern.compile("hugepages-(\\d+)kB");
    private static final Pattern MEM_TOTAL = Pattern.compile("MemTotal:\\s+(\\d+) kB");

    /** The texts read outside sysfs. */
    public record Texts(String cpuinfo, String meminfo, String machineId) {
    }

    private final HostView sys;

    public HostCapsReader(HostView sys) {
        this.sys = sys;
    }

    /**
     * The host as libvirt describes it.
     *
     * @param texts /proc/cpuinfo, /proc/meminfo and /etc/machine-id
     * @param qemu the host's QEMU, whose CPU models name the host processor
     * @return the description
     */
    public HostCaps read(Texts texts, QemuCaps qemu) {
        CpuInfo info = CpuInfo.parse(texts.cpuinfo());
        String vendor = QemuCapsParser.vendor(info.vendorId());
        Set<String> known = new HashSet<>(qemu.featureNames());
        List<String> hostFeatures = info.qemuFeatures();
        CpuModelChooser.Choice choice = CpuModelChooser.choose(hostFeatures, vendor, qemu.cpuModels(), known);
        List<Long> pageSizes = pageSizes();
        List<HostCaps.Cell> cells = cells(texts.meminfo(), pageSizes);
        HostCaps.Cpu cpu = new HostCaps.Cpu(qemu.arch(), choice.model(), vendor, info.microcode(), info.family(),
                info.model(), info.stepping(), topology(), info.physBits(), choice.extra(), pageSizes);
        return new HostCaps(uuid(texts.machineId()), cpu, power(), !sys.list("kernel/iommu_groups").isEmpty(), cells,
                caches());
    }

    /** SMBIOS's UUID when the kernel shows it, else the machine id written as a UUID. */
    private String uuid(String machineId) {
        String smbios = sys.read("class/dmi/id/product_uuid");
        if (smbios != null && !smbios.isBlank()) {
            return smbios.strip().toLowerCase(java.util.Locale.ROOT);
        }
        String id = machineId == null ? "" : machineId.strip();
        if (id.length() != 32) {
            return "00000000-0000-0000-0000-000000000000";
        }
        return id.substring(0, 8) + "-" + id.substring(8, 12) + "-" + id.substring(12, 16) + "-" + id.substring(16, 20)
                + "-" + id.substring(20);
    }

    private List<Long> pageSizes() {
        List<Long> sizes = new ArrayList<>(List.of(4L));
        TreeSet<Long> huge = new TreeSet<>();
        for (String d : sys.list("kernel/mm/hugepages")) {
            Matcher m = HUGE_DIR.matcher(d);
            if (m.matches()) {
                huge.add(Long.parseLong(m.group(1)));
            }
        }
        sizes.addAll(huge);
        return sizes;
    }

    /** libvirt's suspend targets from the kernel's /sys/power/state. */
    private List<String> power() {
        String state = sys.read("power/state");
        Set<String> words = state == null ? Set.of() : Set.of(state.strip().split("\\s+"));
        List<String> out = new ArrayList<>();
        if (words.contains("mem")) {
            out.add("suspend_mem");
        }
        if (words.contains("disk")) {
            out.add("suspend_disk");
        }
        if (words.contains("mem") && words.contains("disk")) {
            out.add("suspend_hybrid");
        }
        return out;
    }

    private List<HostCaps.Cell> cells(String meminfo, List<Long> pageSizes) {
        List<String> nodes = sys.list("devices/system/node").stream().filter(n -> n.matches("node\\d+")).toList();
        List<HostCaps.Cell> out = new ArrayList<>();
        if (nodes.isEmpty()) {
            long mem = memTotal(meminfo);
            List<HostCaps.CellCpu> cpus = new ArrayList<>();
            for (int cpu : cpuIds("devices/system/cpu")) {
                cpus.add(cellCpu(cpu));
            }
            out.add(new HostCaps.Cell(0, mem, pages(mem, pageSizes, null), List.of(new HostCaps.Distance(0, 10)), cpus));
            return out;
        }
        for (String node : nodes.stream().sorted((a, b) -> Integer.compare(num(a), num(b))).toList()) {
            int id = num(node);
            String dir = "devices/system/node/" + node;
            long mem = memTotal(sys.read(dir + "/meminfo") == null ? "" : sys.read(dir + "/meminfo")
                    .replaceAll("Node \\d+ ", ""));
            List<HostCaps.Distance> distances = new ArrayList<>();
            String dist = sys.read(dir + "/distance");
            if (dist != null && !dist.isBlank()) {
                String[] values = dist.strip().split("\\s+");
                for (int i = 0; i < values.length; i++) {
                    distances.add(new HostCaps.Distance(num(nodes.get(i)), Integer.parseInt(values[i])));
                }
            }
            List<HostCaps.CellCpu> cpus = new ArrayList<>();
            for (int cpu : CpuList.parse(sys.read(dir + "/cpulist"))) {
                cpus.add(cellCpu(cpu));
            }
            out.add(new HostCaps.Cell(id, mem, pages(mem, pageSizes, dir), distances, cpus));
        }
        return out;
    }

    /** The pages of each size; the base pages are what huge pages leave. */
    private List<HostCaps.Pages> pages(long memKiB, List<Long> sizes, String nodeDir) {
        List<HostCaps.Pages> out = new ArrayList<>();
        long hugeKiB = 0;
        List<HostCaps.Pages> huge = new ArrayList<>();
        for (long size : sizes.subList(1, sizes.size())) {
            String base = nodeDir == null ? "kernel/mm/hugepages" : nodeDir + "/hugepages";
            String n = sys.read(base + "/hugepages-" + size + "kB/nr_hugepages");
            long count = n == null ? 0 : Long.parseLong(n.strip());
            hugeKiB += count * size;
            huge.add(new HostCaps.Pages(size, count));
        }
        out.add(new HostCaps.Pages(sizes.getFirst(), Math.max(0, memKiB - hugeKiB) / sizes.getFirst()));
        out.addAll(huge);
        return out;
    }

    private HostCaps.CellCpu cellCpu(int cpu) {
        String t = "devices/system/cpu/cpu" + cpu + "/topology/";
        String siblings = sys.read(t + "thread_siblings_list");
        return new HostCaps.CellCpu(cpu, intAt(t + "physical_package_id"), intAt(t + "die_id"), intAt(t + "core_id"),
                siblings == null ? Integer.toString(cpu) : siblings.strip());
    }

    private HostCaps.Topology topology() {
        TreeMap<Integer, Set<String>> coresPerSocket = new TreeMap<>();
        Set<String> dies = new HashSet<>();
        int threads = 1;
        for (int cpu : cpuIds("devices/system/cpu")) {
            HostCaps.CellCpu c = cellCpu(cpu);
            coresPerSocket.computeIfAbsent(c.socket(), k -> new HashSet<>()).add(c.die() + "/" + c.core());
            dies.add(c.socket() + "/" + c.die());
            threads = Math.max(threads, CpuList.parse(c.siblings()).size());
        }
        int sockets = Math.max(1, coresPerSocket.size());
        int diesPerSocket = Math.max(1, dies.size() / sockets);
        int cores = coresPerSocket.isEmpty() ? 1 : Math.max(1, coresPerSocket.firstEntry().getValue().size()
                / diesPerSocket);
        return new HostCaps.Topology(sockets, diesPerSocket, cores, threads);
    }

    private List<HostCaps.CacheBank> caches() {
        TreeMap<String, HostCaps.CacheBank> banks = new TreeMap<>();
        for (int cpu : cpuIds("devices/system/cpu")) {
            String base = "devices/system/cpu/cpu" + cpu + "/cache";
            for (String index : sys.list(base)) {
                if (!index.startsWith("index")) {
                    continue;
                }
                String dir = base + "/" + index + "/";
                int level = intAt(dir + "level");
                if (level < 3) {
                    continue;
                }
                String type = switch (String.valueOf(sys.read(dir + "type")).strip()) {
                    case "Data" -> "data";
                    case "Instruction" -> "code";
                    default -> "both";
                };
                int id = intAt(dir + "id");
                long sizeKiB = sizeKiB(sys.read(dir + "size"));
                String unit = sizeKiB % 1024 == 0 ? "MiB" : "KiB";
                long size = sizeKiB % 1024 == 0 ? sizeKiB / 1024 : sizeKiB;
                String cpus = String.valueOf(sys.read(dir + "shared_cpu_list")).strip();
                banks.putIfAbsent(level + "/" + type + "/" + id, new HostCaps.CacheBank(id, level, type, size, unit,
                        cpus));
            }
        }
        return List.copyOf(banks.values());
    }

    private List<Integer> cpuIds(String dir) {
        return sys.list(dir).stream().filter(n -> n.matches("cpu\\d+")).map(HostCapsReader::num).sorted().toList();
    }

    private int intAt(String path) {
        String v = sys.read(path);
        try {
            return v == null ? 0 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long sizeKiB(String s) {
        if (s == null) {
            return 0;
        }
        String v = s.strip();
        long mult = v.endsWith("M") ? 1024 : 1;
        return Long.parseLong(v.replaceAll("[^0-9]", "")) * mult;
    }

    private static long memTotal(String meminfo) {
        Matcher m = MEM_TOTAL.matcher(meminfo == null ? "" : meminfo);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static int num(String name) {
        return Integer.parseInt(name.replaceAll("[^0-9]", ""));
    }
}
