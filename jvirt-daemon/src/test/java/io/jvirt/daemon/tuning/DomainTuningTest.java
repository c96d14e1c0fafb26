package io.jvirt.daemon.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.testing.NoDevicesMonitor;
import io.jvirt.qemu.qmp.DisplayPorts;
import io.jvirt.qemu.qmp.BlockDevice;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.SnapshotLink;
import io.jvirt.qemu.qmp.QemuThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DomainTuning} against a {@link FakeHostTuning} and a monitor that answers like QEMU 7.2:
 * what it changes on the host, what it reports, what it refuses before QEMU starts.
 */
class DomainTuningTest {

    @TempDir
    Path tmp;
    FakeHostTuning host;
    DomainTuning tuning;

    /** QEMU pid 100: vCPU threads 101, 102; I/O thread 1 is 103; the rest (100, 104) the emulator's. */
    static final long PID = 100;

    @BeforeEach
    void setUp() {
        host = new FakeHostTuning(tmp.resolve("cgroup"));
        host.threads = List.of(100L, 101L, 102L, 103L, 104L);
        tuning = new DomainTuning(host);
    }

    static DomainDef def(String top, String cpu) {
        return def("qemu", "<vcpu placement='static'>2</vcpu>", top, cpu);
    }

    static DomainDef def(String type, String vcpu, String top, String cpu) {
        return DomainXml.parse("<domain type='" + type + "'><name>t</name><memory unit='MiB'>256</memory>" + vcpu
                + top + "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + (cpu == null ? "" : "<cpu>" + cpu + "</cpu>") + "</domain>");
    }

    /** A monitor with two vCPU threads and one I/O thread, recording what it is asked. */
    static final class Monitor extends NoDevicesMonitor implements QemuMonitor {
        final List<String> asked = new ArrayList<>();
        List<QemuThreads.HotpluggableCpu> slots = List.of();

        @Override
        public List<io.jvirt.qemu.qmp.BlockIoStats> blockIoStats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.jvirt.qemu.qmp.BlockImageSize> blockImageSizes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Long balloonActualBytes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.jvirt.qemu.qmp.BalloonGuestStats balloonGuestStats(String balloonPath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void screendump(java.nio.file.Path file, String device, int head, ScreenFormat format) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendKey(List<Integer> qnums, int holdMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String humanCommand(String commandLine) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String passthrough(String commandJson) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<QemuThreads.Vcpu> vcpuThreads() {
            return List.of(new QemuThreads.Vcpu(0, 101), new QemuThreads.Vcpu(1, 102));
        }

        @Override
        public List<QemuThreads.IoThread> ioThreads() {
            return List.of(new QemuThreads.IoThread("iothread1", 103));
        }

        @Override
        public List<QemuThreads.HotpluggableCpu> hotpluggableCpus() {
            return slots;
        }

        @Override
        public void deviceAdd(Map<String, ?> properties) {
            asked.add("device_add " + properties);
        }

        @Override
        public void cont() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void systemPowerdown() {
        }

        @Override
        public void systemReset() {
        }

        @Override
        public void quit() {
        }

        @Override
        public void rtcResetReinjection() {
        }

        @Override
        public RunState queryStatus() {
            return RunState.PAUSED;
        }

        @Override
        public void setLink(String deviceId, boolean up) {
        }

        @Override
        public DisplayPorts queryDisplayPorts(boolean vnc, boolean spice) {
            return new DisplayPorts(null, null, null, null);
        }

        @Override
        public void run(String command, Map<String, ?> arguments) {
        }

        // jobs, snapshots and the block graph: not used by tuning

        @Override
        public List<QemuJob> queryJobs() {
            return List.of();
        }

        @Override
        public void jobDismiss(String id) {
        }

        @Override
        public void jobCancel(String id) {
        }

        @Override
        public void blockJobCancel(String id, boolean force) {
        }

        @Override
        public void jobComplete(String id) {
        }

        @Override
        public void jobFinalize(String id) {
        }

        @Override
        public void snapshotSave(String jobId, String tag, String vmstateNode, List<String> devices) {
        }

        @Override
        public void snapshotLoad(String jobId, String tag, String vmstateNode, List<String> devices) {
        }

        @Override
        public void snapshotDelete(String jobId, String tag, List<String> devices) {
        }

        @Override
        public void blockdevAdd(BlockNode node) {
        }

        @Override
        public void blockdevDel(String nodeName) {
        }

        @Override
        public void blockdevSnapshot(List<SnapshotLink> links) {
        }

        @Override
        public void blockCommit(String jobId, String deviceNode, String topNode, String baseNode) {
        }

        @Override
        public List<BlockDevice> queryBlock() {
            return List.of();
        }

        @Override
        public List<BlockNodeInfo> queryNamedBlockNodes() {
            return List.of();
        }
    }

    @Test
    void pinsEveryThreadAndPutsQemuInItsCgroup() {
        DomainDef d = def("<iothreads>1</iothreads><cputune><shares>1024</shares><vcpupin vcpu='0' cpuset='0'/>"
                + "<vcpupin vcpu='1' cpuset='1'/><emulatorpin cpuset='0-1'/><iothreadpin iothread='1' cpuset='1'/>"
                + "<vcpusched vcpus='1' scheduler='batch'/></cputune>"
                + "<memtune><hard_limit unit='MiB'>512</hard_limit></memtune>", null);
        DomainTuning.Applied a = tuning.apply("t", d, PID, new Monitor());
        assertThat(host.calls).containsExactly("cgroup create qemu-100-t", "procs qemu-100-t 100",
                "affinity 101 0", "affinity 102 1", "affinity 100 0-1", "affinity 104 0-1", "affinity 103 1",
                "scheduler 102 batch 0", "write cpu.weight 1024", "write memory.max 536870912");
        assertThat(a.cgroup()).isEqualTo(tmp.resolve("cgroup/jvirt.slice/qemu-100-t"));
        assertThat(a.report().lines()).containsExactly(
                "cgroup QEMU's cgroup: applied (" + a.cgroup() + ")",
                "cputune vcpupin: applied (vCPU 0 on CPUs 0; vCPU 1 on CPUs 1)",
                "cputune emulatorpin: applied (the emulator threads on CPUs 0-1)",
                "cputune iothreadpin: applied (I/O thread 1 on CPUs 1)",
                "cputune vcpusched: applied (vCPU 1 batch)",
                "cputune shares: applied (cpu.weight = 1024)",
                "memtune hard_limit: applied (memory.max = 536870912)");
    }

    @Test
    void vcpuCpusetIsTheDefaultOfEveryThread() {
        DomainDef d = def("qemu", "<vcpu placement='static' cpuset='1'>2</vcpu>", "<iothreads>1</iothreads>", null);
        tuning.apply("t", d, PID, new Monitor());
        assertThat(host.calls).contains("affinity 101 1", "affinity 102 1", "affinity 100 1", "affinity 104 1",
                "affinity 103 1");
    }

    @Test
    void perThreadBandwidthGoesToThreadedChildren() {
        DomainDef d = def("<iothreads>1</iothreads><cputune><period>100000</period><quota>50000</quota>"
                + "<global_quota>150000</global_quota><emulator_quota>-1</emulator_quota>"
                + "<iothread_period>20000</iothread_period><iothread_quota>10000</iothread_quota></cputune>", null);
        tuning.apply("t", d, PID, new Monitor());
        assertThat(host.calls).containsSubsequence("write cpu.max 150000 100000", "cgroup child vcpu0",
                "threads vcpu0 101", "write vcpu0/cpu.max 50000 100000", "cgroup child vcpu1", "threads vcpu1 102",
                "write vcpu1/cpu.max 50000 100000", "cgroup child emulator", "threads emulator 100",
                "threads emulator 104", "write emulator/cpu.max max 100000", "cgroup child iothread1",
                "threads iothread1 103", "write iothread1/cpu.max 10000 20000");
    }

    @Test
    void saysWhatTheHostCannotDo() {
        host.controllers = Set.of();
        host.refuseAffinity.put(102L, "sched_setaffinity: Invalid argument");
        DomainDef d = def("kvm", "<vcpu>2</vcpu>", "<cputune><shares>512</shares><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' cpuset='1'/>"
                + "<period>10000</period><quota>5000</quota><cachetune vcpus='0'><cache id='0' level='3' type='both' "
                + "size='2' unit='MiB'/></cachetune></cputune><memtune><soft_limit unit='MiB'>256</soft_limit></memtune>"
                + "<blkiotune><weight>500</weight></blkiotune><perf><event name='cmt' enabled='yes'/></perf>", null);
        DomainTuning.Applied a = tuning.apply("t", d, PID, new Monitor());
        assertThat(a.report().lines()).contains(
                "cputune vcpupin: applied (vCPU 0 on CPUs 0)",
                "cputune vcpupin: not applied: vCPU 1: sched_setaffinity: Invalid argument",
                "cputune shares: not applied: cpu.weight: the cgroup v2 cpu controller is not available",
                "cputune quota: not applied: cpu.max of vcpu0: the cgroup v2 cpu controller is not available; "
                        + "cpu.max of vcpu1: the cgroup v2 cpu controller is not available",
                "cputune cachetune/memorytune: not applied: jvirt does not allocate cache or memory bandwidth with "
                        + "resctrl",
                "memtune soft_limit: not applied: memory.high: the cgroup v2 memory controller is not available",
                "blkiotune weight: not applied: io.weight: the cgroup v2 io controller is not available",
                "perf events: not applied: jvirt does not collect perf events");
        assertThat(host.calls).doesNotContain("cgroup child vcpu0");
    }

    @Test
    void withoutCgroupV2TheCgroupSettingsSayWhy() {
        host.cgroupUnavailable = "the host has no cgroup v2 hierarchy mounted";
        DomainTuning.Applied a = tuning.apply("t", def("<memtune><hard_limit>1048576</hard_limit></memtune>", null),
                PID, new Monitor());
        assertThat(a.cgroup()).isNull();
        assertThat(a.report().lines()).containsExactly(
                "cgroup QEMU's cgroup: not applied: the host has no cgroup v2 hierarchy mounted",
                "memtune hard_limit: not applied: memory.max: the host has no cgroup v2 hierarchy mounted");
        assertThat(host.calls).isEmpty();
    }

    @Test
    void plugsEnabledHotpluggableVcpusInTheirOrder() {
        DomainDef d = DomainXml.parse("<domain type='qemu'><name>t</name><memory>131072</memory><vcpu>4</vcpu>"
                + "<vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='no'/>"
                + "<vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/><vcpu id='3' enabled='yes' "
                + "hotpluggable='yes' order='2'/></vcpus><os><type>hvm</type></os>"
                + "<cpu><topology sockets='2' cores='2' threads='1'/></cpu></domain>");
        Monitor m = new Monitor();
        // QEMU lists its slots from the last to the first
        m.slots = List.of(slot(1, 1, false), slot(1, 0, false), slot(0, 1, false), slot(0, 0, true));
        tuning.apply("t", d, PID, m);
        assertThat(m.asked).containsExactly(
                "device_add {driver=qemu64-x86_64-cpu, id=vcpu3, socket-id=1, core-id=1, thread-id=0}",
                "device_add {driver=qemu64-x86_64-cpu, id=vcpu2, socket-id=1, core-id=0, thread-id=0}");
    }

    private static QemuThreads.HotpluggableCpu slot(long socket, long core, boolean plugged) {
        Map<String, Long> props = new LinkedHashMap<>();
        props.put("socket-id", socket);
        props.put("core-id", core);
        props.put("thread-id", 0L);
        return new QemuThreads.HotpluggableCpu("qemu64-x86_64-cpu", props, plugged);
    }

    @Test
    void refusesHugePagesThatAreNotReservedOrMounted() {
        DomainDef d = def("<memoryBacking><hugepages/></memoryBacking>", null);
        assertThatThrownBy(() -> tuning.prepare("t", UUID.randomUUID(), d, tmp))
                .isInstanceOfSatisfying(DaemonException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HOST_RESOURCE);
                    assertThat(e.getMessage()).isEqualTo("domain 't' cannot start: it needs 128 huge pages of 2048 KiB "
                            + "but the host has 0 free (0 reserved); reserve 128 with 'echo 128 > "
                            + "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages' (sysctl vm.nr_hugepages); "
                            + "no hugetlbfs with 2048 KiB pages is mounted; mount one with 'mount -t hugetlbfs -o "
                            + "pagesize=2048K hugetlbfs /dev/hugepages'.");
                });
    }

    @Test
    void preparesAHugePageDirectoryPerDomainAndRemovesIt() throws Exception {
        host.pools.put(2048L, new HostTuning.HugePool(200, 150));
        host.mounts.put(2048L, Files.createDirectories(tmp.resolve("hugepages")));
        UUID uuid = UUID.randomUUID();
        DomainDef d = def("<memoryBacking><hugepages><page size='2048' nodeset='0'/></hugepages></memoryBacking>",
                "<numa><cell id='0' cpus='0-1' memory='256' unit='MiB'/></numa>");
        DomainTuning.Prepared p = tuning.prepare("t", uuid, d, tmp.resolve("run"));
        Path dir = tmp.resolve("hugepages/jvirt/" + uuid);
        assertThat(dir).isDirectory();
        assertThat(p.memory().hugepageDirs()).containsEntry(2048L, dir);
        assertThat(p.memory().backingDir()).isEqualTo(tmp.resolve("run/ram")).isDirectory();
        tuning.release(null, p.dirs());
        assertThat(dir).doesNotExist();
    }

    @Test
    void refusesWhatThisHostDoesNotHave() {
        DomainDef d = def("<cputune><vcpupin vcpu='0' cpuset='4-5'/></cputune>"
                + "<numatune><memory mode='strict' nodeset='0,3'/></numatune>", null);
        assertThatThrownBy(() -> tuning.prepare("t", UUID.randomUUID(), d, tmp)).hasMessage("domain 't' cannot "
                + "start: it binds memory to host NUMA node(s) 3, which this host does not have (its nodes are 0); "
                + "change the nodeset; the vcpupin of vCPU 0 names host CPUs 4-5, none of which this host has online "
                + "(it has 0-1).");
        DomainDef auto = def("qemu", "<vcpu placement='auto'>2</vcpu>", "", null);
        assertThatThrownBy(() -> tuning.prepare("t", UUID.randomUUID(), auto, tmp)).hasMessage("domain 't' cannot "
                + "start: placement='auto' needs numad to choose host NUMA nodes, and jvirt does not run numad; give "
                + "<vcpu> a cpuset and <numatune><memory> a nodeset instead.");
    }

    @Test
    void releaseRemovesTheCgroup() throws Exception {
        DomainTuning.Applied a = tuning.apply("t", def("<memtune><hard_limit>1048576</hard_limit></memtune>", null),
                PID, new Monitor());
        tuning.release(a.cgroup(), List.of());
        assertThat(a.cgroup()).doesNotExist();
        assertThat(host.calls).endsWith("cgroup remove qemu-100-t");
    }
}
