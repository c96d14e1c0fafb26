package io.jvirt.cli.inspect;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainCpuStats;
import io.jvirt.api.DomainStats;
import io.jvirt.api.InterfaceStats;
import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** virsh's text, compared with what the real virsh 9.0 printed for the same figures (recorded on this host). */
class VirshTextTest {
    private static final BlockStats VDA = new BlockStats("vda", 2, 4608, 0, 0, 0, 107179, 0, 0);

    @Test
    void domblkstatWithAndWithoutDevice() {
        assertThat(VirshText.domblkstat("vda", VDA, false)).isEqualTo("""
                vda rd_req 2
                vda rd_bytes 4608
                vda wr_req 0
                vda wr_bytes 0
                vda flush_operations 0
                vda rd_total_times 107179
                vda wr_total_times 0
                vda flush_total_times 0
                """);
        assertThat(VirshText.domblkstat(null, VDA, false)).startsWith(" rd_req 2\n rd_bytes 4608\n");
    }

    @Test
    void domblkstatHuman() {
        assertThat(VirshText.domblkstat("vda", VDA, true)).isEqualTo("""
                Device: vda
                 number of read operations:      2
                 number of bytes read:           4608
                 number of write operations:     0
                 number of bytes written:        0
                 number of flush operations:     0
                 total duration of reads (ns):   107179
                 total duration of writes (ns):  0
                 total duration of flushes (ns): 0
                """);
    }

    @Test
    void domifstat() {
        assertThat(VirshText.domifstat("tapinsp0", new InterfaceStats("tapinsp0", 586, 7, 0, 0, 516, 6, 0, 0)))
                .isEqualTo("""
                        tapinsp0 rx_bytes 586
                        tapinsp0 rx_packets 7
                        tapinsp0 rx_errs 0
                        tapinsp0 rx_drop 0
                        tapinsp0 tx_bytes 516
                        tapinsp0 tx_packets 6
                        tapinsp0 tx_errs 0
                        tapinsp0 tx_drop 0
                        """);
    }

    @Test
    void domstatsRecordsApartByAnEmptyLine() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("state.state", 1);
        one.put("state.reason", 1);
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("state.state", 5);
        two.put("block.0.path", "/d/disk.qcow2");
        assertThat(VirshText.domstats(List.of(new DomainStats("lvvm", one), new DomainStats("b", two))))
                .isEqualTo("""
                        Domain: 'lvvm'
                          state.state=1
                          state.reason=1

                        Domain: 'b'
                          state.state=5
                          block.0.path=/d/disk.qcow2
                        """);
        assertThat(VirshText.domstats(List.of())).isEmpty();
    }

    @Test
    void domblkinfo() {
        BlockInfo b = new BlockInfo("vda", 1073741824L, 204800L, 196624L);
        assertThat(VirshText.domblkinfo(b, false)).isEqualTo("""
                Capacity:       1073741824
                Allocation:     204800
                Physical:       196624
                """);
        assertThat(VirshText.domblkinfo(b, true)).isEqualTo("""
                Capacity:       1.000 GiB
                Allocation:     200.000 KiB
                Physical:       192.016 KiB
                """);
        assertThat(VirshText.sizes(new BlockInfo("hdc", 0, 0, 0), false)).containsExactly("-", "-", "-");
    }

    @Test
    void nodeVerbs() {
        assertThat(VirshText.nodeinfo(new NodeInfo("x86_64", 2, 2596, 1, 2, 1, 1, 24683784))).isEqualTo("""
                CPU model:           x86_64
                CPU(s):              2
                CPU frequency:       2596 MHz
                CPU socket(s):       1
                Core(s) per socket:  2
                Thread(s) per core:  1
                NUMA cell(s):        1
                Memory size:         24683784 KiB
                """);
        assertThat(VirshText.nodememstats(new NodeMemoryStats(24683784, 20798840, 85080, 2747500))).isEqualTo("""
                total  :             24683784 KiB
                free   :             20798840 KiB
                buffers:                85080 KiB
                cached :              2747500 KiB
                """);
        assertThat(VirshText.nodecpustats(new NodeCpuStats(-1, 17993230000000L, 4063160000000L, 2804990000000L,
                45710000000L))).isEqualTo("""
                user:                 17993230000000
                system:                4063160000000
                idle:                  2804990000000
                iowait:                  45710000000
                """);
        assertThat(VirshText.nodecpustatsPercent(new NodeCpuStats(-1, 0, 0, 0, 0),
                new NodeCpuStats(-1, 25, 40, 934, 1))).isEqualTo("""
                usage:            6.5%
                user:             2.5%
                system:           4.0%
                idle:            93.4%
                iowait:           0.1%
                """);
    }

    @Test
    void cpuStatsWithoutPerCpuFigures() {
        // virsh's own sentence has no line end; the totals as virsh's vshCPUStatsPrintField writes them
        assertThat(VirshText.cpuStats(new DomainCpuStats(3_120_000_000L, 2_530_000_000L, 590_000_000L), true, true))
                .isEqualTo("No per-CPU stats availableTotal:\n"
                        + "\tcpu_time             3.120000000 seconds\n"
                        + "\tuser_time            2.530000000 seconds\n"
                        + "\tsystem_time          0.590000000 seconds\n");
        assertThat(VirshText.cpuStats(new DomainCpuStats(1, 1, 0), false, true)).startsWith("Total:\n");
    }

    @Test
    void qmpWrapping() throws Exception {
        assertThat(QemuMonitorCommandCommand.wrap(List.of("{\"execute\":\"query-status\"}")))
                .isEqualTo("{\"execute\":\"query-status\"}");
        assertThat(QemuMonitorCommandCommand.wrap(List.of("query-status"))).isEqualTo("{\"execute\":\"query-status\"}");
        assertThat(QemuMonitorCommandCommand.wrap(List.of("human-monitor-command", "\"command-line\":\"info vnc\"")))
                .isEqualTo("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info vnc\"}}");
    }
}
