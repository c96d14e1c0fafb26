package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.daemon.tuning.DomainTuning;
import io.jvirt.daemon.tuning.FakeHostTuning;
import io.jvirt.daemon.tuning.HostTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placement and tuning through {@link DomainService} with an in-memory QEMU and host: applied
 * before the guest runs, reported by the domain, kept in the run record across a daemon restart,
 * undone when QEMU ends; a host that cannot run the domain refuses the start and keeps nothing.
 */
class TuningLifecycleTest {
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    FakeHostTuning host;
    DomainService domains;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        host = new FakeHostTuning(Files.createDirectories(state.resolve("cgroup")));
        domains = service();
    }

    private DomainService service() throws Exception {
        DomainService s = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        s.setTuning(new DomainTuning(host));
        s.load();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        domains.close();
    }

    private static String xml(String name, String tuning) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>" + tuning
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
    }

    @Test
    void appliesBeforeTheGuestRunsAndUndoesAfter() throws Exception {
        domains.execute(new DomainCommand.Define(xml("pin", "<cputune><vcpupin vcpu='0' cpuset='1'/></cputune>"
                + "<memtune><hard_limit unit='MiB'>256</hard_limit></memtune>")));
        domains.execute(new DomainCommand.Start("pin", false));
        FakeQemu q = launcher.last();
        assertThat(q.commands).containsSubsequence("query-cpus-fast", "query-iothreads", "cont");
        assertThat(host.calls).containsSubsequence("cgroup create qemu-" + q.pid + "-pin", "procs qemu-" + q.pid
                + "-pin " + q.pid, "affinity 1 1", "write memory.max 268435456");
        DomainObj d = domains.lookup("pin");
        assertThat(d.tuningReport()).containsExactly(
                "cgroup QEMU's cgroup: applied (" + state.resolve("cgroup/jvirt.slice/qemu-" + q.pid + "-pin") + ")",
                "cputune vcpupin: applied (vCPU 0 on CPUs 1)",
                "memtune hard_limit: applied (memory.max = 268435456)");
        String record = Files.readString(state.resolve("run").resolve(d.uuid().toString()).resolve("runtime.json"));
        assertThat(record).contains("\"cgroup\":").contains("vcpupin: applied");

        // a restarted daemon still shows the report, and cleans up when QEMU ends
        domains.close();
        domains = service();
        d = domains.lookup("pin");
        assertThat(d.tuningReport()).hasSize(3);
        domains.execute(new DomainCommand.Destroy("pin"));
        assertThat(host.calls).endsWith("cgroup remove qemu-" + q.pid + "-pin");
        assertThat(domains.lookup("pin").tuningReport()).isEmpty();
    }

    @Test
    void plugsHotpluggableVcpusBeforeCont() {
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>hp</name><memory unit='MiB'>64</memory>"
                + "<vcpu>3</vcpu><vcpus><vcpu id='0' enabled='yes' hotpluggable='no'/><vcpu id='1' enabled='no'/>"
                + "<vcpu id='2' enabled='yes' hotpluggable='yes'/></vcpus><os><type>hvm</type></os></domain>"));
        domains.execute(new DomainCommand.Start("hp", false));
        FakeQemu q = launcher.last();
        assertThat(q.argv).contains("1,maxcpus=3,sockets=3,cores=1,threads=1");
        assertThat(q.commands).containsSubsequence("query-hotpluggable-cpus", "device_add vcpu2", "query-cpus-fast",
                "cont");
    }

    @Test
    void aHostThatCannotRunItRefusesTheStartAndKeepsNothing() throws Exception {
        domains.execute(new DomainCommand.Define(xml("big", "<memoryBacking><hugepages/></memoryBacking>")));
        assertThatThrownBy(() -> domains.execute(new DomainCommand.Start("big", false)))
                .isInstanceOfSatisfying(DaemonException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HOST_RESOURCE);
                    assertThat(e.getMessage()).startsWith("domain 'big' cannot start: it needs 32 huge pages of 2048 "
                            + "KiB but the host has 0 free");
                });
        assertThat(launcher.spawned).isEmpty();
        assertThat(host.calls).isEmpty();
        DomainObj d = domains.lookup("big");
        assertThat(state.resolve("run").resolve(d.uuid().toString())).doesNotExist();
    }

    @Test
    void hugePagesGetADirectoryOfTheirOwnUntilQemuEnds() throws Exception {
        Path mount = Files.createDirectories(state.resolve("hugepages"));
        host.mounts.put(2048L, mount);
        host.pools.put(2048L, new HostTuning.HugePool(64, 64));
        domains.execute(new DomainCommand.Define(xml("hp2", "<memoryBacking><hugepages/></memoryBacking>")));
        domains.execute(new DomainCommand.Start("hp2", false));
        DomainObj d = domains.lookup("hp2");
        Path dir = mount.resolve("jvirt").resolve(d.uuid().toString());
        assertThat(dir).isDirectory();
        assertThat(String.join(" ", launcher.last().argv)).contains("\"mem-path\":\"" + dir + "\"");
        domains.execute(new DomainCommand.Destroy("hp2"));
        assertThat(dir).doesNotExist();
    }
}
