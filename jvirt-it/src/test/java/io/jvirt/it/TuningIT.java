package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Placement and tuning with the real QEMU (TCG) through a real jvirtd: the guest sees the NUMA
 * cells it was given, QEMU's vCPU and emulator threads run where {@code <cputune>} pins them (as
 * {@code /proc} says), QEMU runs in its own cgroup v2 group while it runs and the group is gone
 * after, {@code dominfo} says what the host could not apply; and guest memory on 2 MiB huge pages
 * reserved for the test (the host's reservation is restored afterwards).
 */
class TuningIT extends DaemonTest {

    private static final Path CGROUP2 = cgroup2Mount();

    private static Path cgroup2Mount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                    return Path.of(halves[0].split(" ")[4]);
                }
            }
        } catch (IOException e) {
            // none
        }
        return null;
    }

    /** The test guest with 2 vCPUs in 2 NUMA cells of 96 MiB, pinned, with memtune and cputune. */
    private String numaPinned(String name) throws Exception {
        return TestGuest.xml(name, "").replace("<vcpu>1</vcpu>", """
                <vcpu placement='static'>2</vcpu>
                  <memtune><hard_limit unit='MiB'>1024</hard_limit></memtune>
                  <cputune>
                    <shares>512</shares>
                    <vcpupin vcpu='0' cpuset='0'/>
                    <vcpupin vcpu='1' cpuset='1'/>
                    <emulatorpin cpuset='1'/>
                    <vcpusched vcpus='1' scheduler='batch'/>
                  </cputune>""").replace("<features><acpi/></features>", """
                <features><acpi/></features>
                  <cpu>
                    <topology sockets='2' cores='1' threads='1'/>
                    <numa>
                      <cell id='0' cpus='0' memory='96' unit='MiB'/>
                      <cell id='1' cpus='1' memory='96' unit='MiB'>
                        <distances><sibling id='0' value='21'/></distances>
                      </cell>
                    </numa>
                  </cpu>""");
    }

    /** The host threads of a QEMU by name ({@code CPU 0/TCG}, {@code qemu-system-x86}...), from /proc. */
    private static Map<Long, String> threads(long pid) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                out.put(Long.parseLong(t.getFileName().toString()), Files.readString(t.resolve("comm")).strip());
            }
        }
        return out;
    }

    private static String status(long pid, long tid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/task/" + tid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + key + " for thread " + tid);
    }

    @Test
    void numaCellsPinsAndCgroupOfARealGuest() throws Exception {
        Path f = tmp.resolve("numa.xml");
        Files.writeString(f, numaPinned("numa"));
        Cli.Result def = Cli.run(sock, "define", f.toString());
        assertThat(def.exit()).as(def.err()).isZero();
        Cli.Result start = Cli.run(sock, "start", "numa");
        assertThat(start.exit()).as(start.err()).isZero();
        Path group;
        try (JvirtClient c = daemon.client()) {
            LifecycleIT.waitReady(c, "numa");
            DomainInfo info = c.info("numa");
            long pid = info.pid();

            // (a) the guest sees two NUMA nodes with one CPU and about 96 MiB each
            try (GuestShell shell = new GuestShell(c, "numa")) {
                GuestShell.Result nodes = shell.run("ls -d /sys/devices/system/node/node*", Duration.ofSeconds(20));
                assertThat(nodes.output()).contains("/sys/devices/system/node/node0", "/sys/devices/system/node/node1")
                        .doesNotContain("node2");
                for (int n = 0; n < 2; n++) {
                    GuestShell.Result cpus = shell.run("cat /sys/devices/system/node/node" + n + "/cpulist",
                            Duration.ofSeconds(20));
                    assertThat(cpus.output().lines().map(String::strip).toList()).contains(Integer.toString(n));
                    GuestShell.Result mem = shell.run("grep MemTotal /sys/devices/system/node/node" + n + "/meminfo",
                            Duration.ofSeconds(20));
                    Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(mem.output());
                    assertThat(m.find()).as(mem.output()).isTrue();
                    // 96 MiB less what firmware and kernel keep for themselves
                    assertThat(Long.parseLong(m.group(1))).as("node %d MemTotal", n).isBetween(60_000L, 98_304L);
                }
                GuestShell.Result distance = shell.run("cat /sys/devices/system/node/node0/distance",
                        Duration.ofSeconds(20));
                assertThat(distance.output()).contains("10 21");
            }

            // (b) QEMU's vCPU threads and its main thread run where they are pinned
            Map<Long, String> threads = threads(pid);
            List<Long> cpu0 = new ArrayList<>();
            List<Long> cpu1 = new ArrayList<>();
            threads.forEach((tid, name) -> {
                if (name.startsWith("CPU 0/")) {
                    cpu0.add(tid);
                } else if (name.startsWith("CPU 1/")) {
                    cpu1.add(tid);
                }
            });
            assertThat(cpu0).as(threads.toString()).hasSize(1);
            assertThat(cpu1).as(threads.toString()).hasSize(1);
            assertThat(status(pid, cpu0.getFirst(), "Cpus_allowed_list")).isEqualTo("0");
            assertThat(status(pid, cpu1.getFirst(), "Cpus_allowed_list")).isEqualTo("1");
            assertThat(status(pid, pid, "Cpus_allowed_list")).isEqualTo("1");
            // field 41 of stat, counted after the command name (which has spaces)
            String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + cpu1.getFirst() + "/stat"));
            assertThat(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3])
                    .as("the policy of vCPU 1 (3 = SCHED_BATCH)").isEqualTo("3");

            // (c) QEMU runs in a cgroup of its own; what the host's cgroup v2 lacks is said in dominfo
            List<String> tuning = info.tuning();
            Cli.Result dominfo = Cli.run(sock, "dominfo", "numa");
            assertThat(dominfo.out()).contains("Tuning:         cgroup QEMU's cgroup: applied")
                    .contains("cputune vcpupin: applied (vCPU 0 on CPUs 0; vCPU 1 on CPUs 1)");
            assertThat(tuning).contains("cputune vcpupin: applied (vCPU 0 on CPUs 0; vCPU 1 on CPUs 1)",
                    "cputune vcpusched: applied (vCPU 1 batch)");
            assertThat(tuning).contains("cputune emulatorpin: applied (the emulator threads on CPUs 1)");
            assertThat(CGROUP2).as("this host mounts cgroup v2").isNotNull();
            String placed = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .filter(l -> l.startsWith("0::")).findFirst().orElseThrow().substring(3);
            assertThat(placed).startsWith("/jvirt.slice/qemu-" + pid + "-numa");
            group = CGROUP2.resolve(placed.substring(1));
            assertThat(tuning).contains("cgroup QEMU's cgroup: applied (" + group + ")");
            checkCgroupFile(tuning, group, "memory", "memory.max", "1073741824", "memtune hard_limit");
            checkCgroupFile(tuning, group, "cpu", "cpu.weight", "512", "cputune shares");
        }
        Cli.Result destroy = Cli.run(sock, "destroy", "numa");
        assertThat(destroy.exit()).as(destroy.err()).isZero();
        assertThat(group).doesNotExist();
    }

    /** The value in the cgroup file when the host delegates the controller, else the sentence in dominfo. */
    private static void checkCgroupFile(List<String> tuning, Path group, String controller, String file, String value,
                                        String setting) throws IOException {
        Path root = group.getParent().getParent();
        boolean delegated = List.of(Files.readString(root.resolve("cgroup.subtree_control")).strip().split("\\s+"))
                .contains(controller);
        if (delegated) {
            assertThat(Files.readString(group.resolve(file)).strip()).isEqualTo(value);
            assertThat(tuning).contains(setting + ": applied (" + file + " = " + value + ")");
        } else {
            assertThat(tuning).anySatisfy(l -> assertThat(l).startsWith(setting + ": not applied: " + file
                    + ": the cgroup v2 " + controller + " controller is not"));
        }
    }

    @Test
    void hotpluggableVcpusComeOnlineInOrder() throws Exception {
        Path f = tmp.resolve("hp.xml");
        Files.writeString(f, TestGuest.xml("hp", "").replace("<vcpu>1</vcpu>", """
                <vcpu placement='static' current='2'>3</vcpu>
                  <vcpus>
                    <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                    <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
                    <vcpu id='2' enabled='no' hotpluggable='yes'/>
                  </vcpus>"""));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "hp");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            LifecycleIT.waitReady(c, "hp");
            Map<Long, String> threads = threads(c.info("hp").pid());
            // QEMU started with one vCPU (-smp 1,maxcpus=3) and the daemon plugged vCPU 1 before the guest ran
            // (under TCG a guest hangs at boot when vCPU 2 is plugged without vCPU 1, with or without jvirt)
            assertThat(threads.values().stream().filter(n -> n.startsWith("CPU ")).sorted().toList())
                    .containsExactly("CPU 0/TCG", "CPU 1/TCG");
            try (GuestShell shell = new GuestShell(c, "hp")) {
                GuestShell.Result online = shell.run("cat /sys/devices/system/cpu/online", Duration.ofSeconds(20));
                assertThat(online.output().lines().map(String::strip).toList()).contains("0-1");
            }
        }
    }

    private static final Path POOL = Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB");

    private static long pool(String file) throws IOException {
        return Long.parseLong(Files.readString(POOL.resolve(file)).strip());
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    @Test
    void guestMemoryOnReservedHugePages() throws Exception {
        Path f = tmp.resolve("huge.xml");
        Files.writeString(f, TestGuest.xml("huge", "").replace("<memory unit='MiB'>192</memory>",
                "<memory unit='MiB'>128</memory><memoryBacking><hugepages/></memoryBacking>"));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        long before = pool("nr_hugepages");
        Path mount = Files.createDirectories(tmp.resolve("hugepages"));
        boolean mounted = false;
        try {
            // without pages reserved the start is refused with what to do, and nothing runs
            if (pool("free_hugepages") < 64) {
                Cli.Result refused = Cli.run(sock, "start", "huge");
                assertThat(refused.exit()).isNotZero();
                assertThat(refused.err()).contains("domain 'huge' cannot start: it needs 64 huge pages of 2048 KiB but "
                        + "the host has " + pool("free_hugepages") + " free").contains("nr_hugepages");
            }
            Files.writeString(POOL.resolve("nr_hugepages"), Long.toString(before + 64));
            assertThat(pool("nr_hugepages")).as("the kernel reserved the pages").isEqualTo(before + 64);
            run("mount", "-t", "hugetlbfs", "-o", "pagesize=2M", "jvirt-test", mount.toString());
            mounted = true;
            long freeBefore = pool("free_hugepages");
            Cli.Result start = Cli.run(sock, "start", "huge");
            assertThat(start.exit()).as(start.err()).isZero();
            try (JvirtClient c = daemon.client()) {
                LifecycleIT.waitReady(c, "huge");
                // QEMU preallocated all 64 pages of the guest's RAM in the domain's directory on the mount
                assertThat(freeBefore - pool("free_hugepages")).isEqualTo(64);
                try (Stream<Path> dirs = Files.list(mount.resolve("jvirt"))) {
                    assertThat(dirs.toList()).hasSize(1);
                }
                assertThat(c.info("huge").tuning()).contains("memoryBacking hugepages: applied (by QEMU: guest "
                        + "memory on hugetlbfs)");
            }
            assertThat(Cli.run(sock, "destroy", "huge").exit()).isZero();
            assertThat(pool("free_hugepages")).isEqualTo(freeBefore);
            try (Stream<Path> dirs = Files.list(mount.resolve("jvirt"))) {
                assertThat(dirs.toList()).isEmpty();
            }
        } finally {
            if (mounted) {
                run("umount", mount.toString());
            }
            Files.writeString(POOL.resolve("nr_hugepages"), Long.toString(before));
        }
        assertThat(pool("nr_hugepages")).isEqualTo(before);
    }
}
