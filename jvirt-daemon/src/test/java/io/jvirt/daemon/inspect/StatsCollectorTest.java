package io.jvirt.daemon.inspect;

import io.jvirt.api.DomainState;
import io.jvirt.api.DomainStats;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.qmp.BalloonGuestStats;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.qemu.qmp.QemuThreads;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** domstats of one domain from a fake monitor and fake host readings, in libvirt's names and order. */
class StatsCollectorTest {
    private static final DomainDef DEF = DomainXml.parse("""
            <domain type='qemu'><name>vm</name><memory unit='KiB'>262144</memory><vcpu current='1'>2</vcpu>
            <os><type arch='x86_64' machine='pc'>hvm</type></os>
            <devices>
              <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/d/disk.qcow2'/>
                <target dev='vda' bus='virtio'/></disk>
              <interface type='ethernet'><mac address='52:54:00:00:00:01'/><target dev='tap0'/>
                <model type='virtio'/></interface>
              <memballoon model='virtio'/>
            </devices></domain>""");

    private final FakeStatsMonitor monitor = new FakeStatsMonitor();
    private final FakeHostReadings host = new FakeHostReadings();
    private final StatsCollector collector = new StatsCollector(host);

    private DomainStats running(EnumSet<StatsGroup> groups) {
        return collector.collect(new DomainSample("vm", DomainState.RUNNING, "booted", DEF, 42, monitor), groups);
    }

    @Test
    void everyGroupOfARunningDomainInLibvirtsOrder() {
        host.processes.put(42L, new HostReadings.CpuTimes(2_530_000_000L, 590_000_000L));
        host.threads.put(1001L, new HostReadings.CpuTimes(2_000_000_000L, 800_000_000L));
        host.waits.put(1001L, 0L);
        host.delays.put(1001L, 401_420_471L);
        host.rss.put(42L, 239_556L);
        host.nets.put("tap0", new HostReadings.NetCounters(516, 6, 0, 0, 586, 7, 0, 1));
        monitor.guestStats = new BalloonGuestStats(1796534534L, Map.of("stat-swap-in", 0L,
                "stat-minor-faults", 786L, "stat-free-memory", 198_688_768L, "stat-disk-caches", 2_752_512L));
        monitor.blockStats = List.of(new BlockIoStats("vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend", 4608, 0, 2, 0, 0, 107179, 0, 0, 0L));
        monitor.blockSizes = List.of(new BlockImageSize("vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend", "/d/disk.qcow2", "qcow2", 1073741824L,
                204800L));

        DomainStats s = running(EnumSet.allOf(StatsGroup.class));

        assertThat(s.name()).isEqualTo("vm");
        assertThat(s.stats().keySet()).containsExactly("state.state", "state.reason", "cpu.time", "cpu.user",
                "cpu.system", "cpu.cache.monitor.count", "balloon.current", "balloon.maximum", "balloon.swap_in",
                "balloon.minor_fault", "balloon.unused", "balloon.last-update", "balloon.disk_caches", "balloon.rss",
                "vcpu.current", "vcpu.maximum", "vcpu.0.state", "vcpu.0.time", "vcpu.0.wait", "vcpu.0.delay",
                "net.count", "net.0.name", "net.0.rx.bytes", "net.0.rx.pkts", "net.0.rx.errs", "net.0.rx.drop",
                "net.0.tx.bytes", "net.0.tx.pkts", "net.0.tx.errs", "net.0.tx.drop", "block.count", "block.0.name",
                "block.0.path", "block.0.rd.reqs", "block.0.rd.bytes", "block.0.rd.times", "block.0.wr.reqs",
                "block.0.wr.bytes", "block.0.wr.times", "block.0.fl.reqs", "block.0.fl.times",
                "block.0.allocation", "block.0.capacity", "block.0.physical");
        assertThat(s.stats()).containsEntry("state.state", 1).containsEntry("state.reason", 1)
                .containsEntry("cpu.time", 3_120_000_000L).containsEntry("balloon.current", 262144L)
                .containsEntry("balloon.maximum", 262144L).containsEntry("balloon.unused", 194032L)
                .containsEntry("balloon.disk_caches", 2688L).containsEntry("vcpu.current", 1)
                .containsEntry("vcpu.maximum", 2).containsEntry("vcpu.0.time", 2_800_000_000L)
                // what the host's tap sent, the guest received
                .containsEntry("net.0.rx.bytes", 586L).containsEntry("net.0.tx.pkts", 6L)
                .containsEntry("net.0.rx.drop", 1L).containsEntry("block.0.rd.bytes", 4608L)
                .containsEntry("block.0.capacity", 1073741824L).containsEntry("block.0.physical", 204800L);
    }

    @Test
    void aShutOffDomainHasItsStateAndDefinitionOnly() {
        DomainStats s = collector.collect(new DomainSample("vm", DomainState.SHUTOFF, "destroyed", DEF, 0, null),
                EnumSet.allOf(StatsGroup.class));
        assertThat(s.stats()).containsExactly(Map.entry("state.state", 5), Map.entry("state.reason", 2),
                Map.entry("balloon.current", 262144L), Map.entry("balloon.maximum", 262144L),
                Map.entry("vcpu.current", 1), Map.entry("vcpu.maximum", 2), Map.entry("net.count", 1),
                Map.entry("net.0.name", "tap0"), Map.entry("block.count", 1), Map.entry("block.0.name", "vda"),
                Map.entry("block.0.path", "/d/disk.qcow2"));
        assertThat(monitor.asked).isEmpty();
    }

    @Test
    void onlyTheGroupsAskedForAndOnlyTheirQueries() {
        DomainStats s = running(EnumSet.of(StatsGroup.STATE, StatsGroup.VCPU));
        // no scheduler statistics for the thread: wait is 0, as libvirt reports it
        assertThat(s.stats()).containsOnlyKeys("state.state", "state.reason", "vcpu.current", "vcpu.maximum",
                "vcpu.0.state", "vcpu.0.wait").containsEntry("vcpu.0.wait", 0L);
        assertThat(monitor.asked).containsExactly("query-cpus-fast");
    }

    @Test
    void aQemuThatEndsMidwayLeavesWhatWasRead() {
        FakeStatsMonitor gone = new FakeStatsMonitor() {
            @Override
            public List<QemuThreads.Vcpu> vcpuThreads() {
                throw new QmpException(QmpException.Kind.CLOSED, "gone");
            }
        };
        DomainStats s = collector.collect(new DomainSample("vm", DomainState.RUNNING, "booted", DEF, 42, gone),
                EnumSet.of(StatsGroup.STATE, StatsGroup.VCPU, StatsGroup.BLOCK));
        assertThat(s.stats()).containsKeys("state.state", "vcpu.current", "block.count");
    }
}
