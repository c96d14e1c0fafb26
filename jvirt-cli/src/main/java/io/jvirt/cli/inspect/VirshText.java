package io.jvirt.cli.inspect;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainCpuStats;
import io.jvirt.api.DomainStats;
import io.jvirt.api.InterfaceStats;
import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * virsh's text for the "looking inside" verbs, character for character (virsh-domain-monitor.c
 * and virsh-host.c of libvirt 9.0), as pure functions of the API records. The empty line virsh
 * prints after every command is the verb's, not these functions'.
 */
public final class VirshText {
    private VirshText() {
    }

    /** {@code domstats}: each record as "Domain: 'NAME'" and "  key=value" lines, records apart by an empty line. */
    public static String domstats(List<DomainStats> records) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            DomainStats r = records.get(i);
            sb.append("Domain: '").append(r.name()).append("'\n");
            for (Map.Entry<String, Object> e : r.stats().entrySet()) {
                sb.append("  ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * {@code domblkstat}: "DEVICE field value" lines ("" for the sum of all disks), or with
     * {@code human} a "Device:" line and virsh's sentences padded to 31 columns.
     */
    public static String domblkstat(String device, BlockStats s, boolean human) {
        String[][] rows = {
            {"rd_req", "number of read operations:", Long.toString(s.rdReq())},
            {"rd_bytes", "number of bytes read:", Long.toString(s.rdBytes())},
            {"wr_req", "number of write operations:", Long.toString(s.wrReq())},
            {"wr_bytes", "number of bytes written:", Long.toString(s.wrBytes())},
            {"flush_operations", "number of flush operations:", Long.toString(s.flushOperations())},
            {"rd_total_times", "total duration of reads (ns):", Long.toString(s.rdTotalTimes())},
            {"wr_total_times", "total duration of writes (ns):", Long.toString(s.wrTotalTimes())},
            {"flush_total_times", "total duration of flushes (ns):", Long.toString(s.flushTotalTimes())},
        };
        StringBuilder sb = new StringBuilder();
        String prefix = device == null ? "" : device;
        if (human) {
            sb.append("Device: ").append(prefix).append('\n');
            prefix = "";
        }
        for (String[] r : rows) {
            sb.append(prefix).append(' ');
            sb.append(human ? pad(r[1], 31) : r[0]).append(' ').append(r[2]).append('\n');
        }
        return sb.toString();
    }

    /** {@code domifstat}: "DEVICE field value" lines. */
    public static String domifstat(String device, InterfaceStats s) {
        long[] v = {s.rxBytes(), s.rxPackets(), s.rxErrs(), s.rxDrop(), s.txBytes(), s.txPackets(), s.txErrs(),
            s.txDrop()};
        String[] names = {"rx_bytes", "rx_packets", "rx_errs", "rx_drop", "tx_bytes", "tx_packets", "tx_errs",
            "tx_drop"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(device).append(' ').append(names[i]).append(' ').append(v[i]).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code cpu-stats}: virsh's sentence for a driver without per-CPU figures (without a line
     * end, as virsh prints it), then the totals in seconds with nine decimals.
     */
    public static String cpuStats(DomainCpuStats s, boolean perCpu, boolean total) {
        StringBuilder sb = new StringBuilder();
        if (perCpu) {
            sb.append("No per-CPU stats available");
            if (!total) {
                return sb.toString();
            }
        }
        sb.append("Total:\n");
        cpuField(sb, "cpu_time", s.cpuTime());
        cpuField(sb, "user_time", s.userTime());
        cpuField(sb, "system_time", s.systemTime());
        return sb.toString();
    }

    private static void cpuField(StringBuilder sb, String field, long ns) {
        sb.append('\t').append(pad(field, 12)).append(' ')
                .append(String.format(Locale.ROOT, "%9d.%09d seconds\n", ns / 1_000_000_000L, ns % 1_000_000_000L));
    }

    /** {@code domblkinfo DEVICE}: three lines padded to 16 columns. */
    public static String domblkinfo(BlockInfo b, boolean human) {
        String[] v = sizes(b, human);
        return pad("Capacity:", 15) + " " + v[0] + "\n" + pad("Allocation:", 15) + " " + v[1] + "\n"
                + pad("Physical:", 15) + " " + v[2] + "\n";
    }

    /**
     * Capacity, allocation and physical size as virsh writes them: bytes, or with {@code human}
     * three decimals and a binary unit; "-" for an empty drive in {@code --all}.
     */
    public static String[] sizes(BlockInfo b, boolean human) {
        if (b.capacity() == 0 && b.allocation() == 0 && b.physical() == 0) {
            return new String[] {"-", "-", "-"};
        }
        if (!human) {
            return new String[] {Long.toString(b.capacity()), Long.toString(b.allocation()),
                Long.toString(b.physical())};
        }
        return new String[] {pretty(b.capacity()), pretty(b.allocation()), pretty(b.physical())};
    }

    /** virsh's vshPrettyCapacity with three decimals: "1.000 GiB". */
    public static String pretty(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.3f %s", v, units[u]);
    }

    /** {@code nodeinfo}. */
    public static String nodeinfo(NodeInfo n) {
        return pad("CPU model:", 20) + " " + n.model() + "\n"
                + pad("CPU(s):", 20) + " " + n.cpus() + "\n"
                + (n.mhz() > 0 ? pad("CPU frequency:", 20) + " " + n.mhz() + " MHz\n" : "")
                + pad("CPU socket(s):", 20) + " " + n.sockets() + "\n"
                + pad("Core(s) per socket:", 20) + " " + n.coresPerSocket() + "\n"
                + pad("Thread(s) per core:", 20) + " " + n.threadsPerCore() + "\n"
                + pad("NUMA cell(s):", 20) + " " + n.numaCells() + "\n"
                + pad("Memory size:", 20) + " " + n.memoryKiB() + " KiB\n";
    }

    /** {@code nodememstats}. */
    public static String nodememstats(NodeMemoryStats m) {
        return memLine("total", m.totalKiB()) + memLine("free", m.freeKiB()) + memLine("buffers", m.buffersKiB())
                + memLine("cached", m.cachedKiB());
    }

    private static String memLine(String field, long kib) {
        return pad(field, 7) + ": " + String.format(Locale.ROOT, "%20d", kib) + " KiB\n";
    }

    /** {@code nodecpustats}: nanoseconds since boot. */
    public static String nodecpustats(NodeCpuStats c) {
        return cpuLine("user:", c.user()) + cpuLine("system:", c.system()) + cpuLine("idle:", c.idle())
                + cpuLine("iowait:", c.iowait());
    }

    private static String cpuLine(String field, long ns) {
        return pad(field, 15) + " " + String.format(Locale.ROOT, "%20d", ns) + "\n";
    }

    /** {@code nodecpustats --percent}: the shares of the time between two readings. */
    public static String nodecpustatsPercent(NodeCpuStats first, NodeCpuStats second) {
        double user = second.user() - first.user();
        double system = second.system() - first.system();
        double idle = second.idle() - first.idle();
        double iowait = second.iowait() - first.iowait();
        double total = user + system + idle + iowait;
        if (total <= 0) {
            total = 1;
        }
        return percent("usage:", (user + system) / total * 100) + percent("user:", user / total * 100)
                + percent("system:", system / total * 100) + percent("idle:", idle / total * 100)
                + percent("iowait:", iowait / total * 100);
    }

    private static String percent(String field, double value) {
        return pad(field, 15) + " " + String.format(Locale.ROOT, "%5.1f%%", value) + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
