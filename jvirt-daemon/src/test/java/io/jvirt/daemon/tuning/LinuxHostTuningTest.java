package io.jvirt.daemon.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxHostTuning}: reading a made-up /sys and /proc, and the real cgroup v2 hierarchy of this host. */
class LinuxHostTuningTest {

    @TempDir
    Path tmp;

    private LinuxHostTuning fakeHost() throws IOException {
        Path sys = tmp.resolve("sys");
        Path proc = tmp.resolve("proc");
        write(sys.resolve("devices/system/cpu/online"), "0-3,6\n");
        write(sys.resolve("devices/system/node/online"), "0-1\n");
        write(sys.resolve("kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"), "64\n");
        write(sys.resolve("kernel/mm/hugepages/hugepages-2048kB/free_hugepages"), "60\n");
        write(sys.resolve("kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"), "0\n");
        write(sys.resolve("kernel/mm/hugepages/hugepages-1048576kB/free_hugepages"), "0\n");
        write(proc.resolve("meminfo"), "MemTotal:       24684096 kB\nHugepagesize:       2048 kB\n");
        write(proc.resolve("self/mountinfo"), """
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                50 22 0:44 / /dev/hugepages rw,relatime - hugetlbfs hugetlbfs rw,pagesize=2M
                51 22 0:45 / /mnt/huge\\0401g rw,relatime - hugetlbfs none rw,pagesize=1G
                52 22 0:46 / /mnt/default rw,relatime - hugetlbfs none rw
                """);
        Files.createDirectories(proc.resolve("77/task/77"));
        Files.createDirectories(proc.resolve("77/task/79"));
        return new LinuxHostTuning(sys, proc);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsTheHost() throws IOException {
        LinuxHostTuning h = fakeHost();
        assertThat(h.onlineCpus()).isEqualTo(BitSet.valueOf(new long[] {0b1001111}));
        assertThat(h.numaNodes()).isEqualTo(BitSet.valueOf(new long[] {0b11}));
        assertThat(h.defaultHugepageKiB()).isEqualTo(2048);
        assertThat(h.hugePools()).containsExactly(Map.entry(2048L, new HostTuning.HugePool(64, 60)),
                Map.entry(1048576L, new HostTuning.HugePool(0, 0)));
        // the first mount of each size counts; a mount without pagesize has the default size
        assertThat(h.hugetlbfsMounts()).containsExactly(Map.entry(2048L, Path.of("/dev/hugepages")),
                Map.entry(1048576L, Path.of("/mnt/huge 1g")));
        assertThat(h.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(h.threads(77)).containsExactly(77L, 79L);
    }

    @Test
    void readsHugetlbfsPageSizes() {
        assertThat(LinuxHostTuning.kib("2M")).isEqualTo(2048);
        assertThat(LinuxHostTuning.kib("1G")).isEqualTo(1048576);
        assertThat(LinuxHostTuning.kib("64k")).isEqualTo(64);
    }

    /**
     * The real hierarchy: a cgroup in jvirt.slice, a process moved into it (as /proc says), the
     * controllers this host delegates or a sentence why not, and removal once the process has ended.
     * A host without a writable cgroup v2 says so instead.
     */
    @Test
    void makesAndRemovesARealCgroup() throws Exception {
        LinuxHostTuning h = new LinuxHostTuning();
        String why = h.cgroupUnavailable();
        if (why != null) {
            assertThat(why).matches("(the host has no cgroup v2 hierarchy mounted|jvirtd cannot write .*)");
            return;
        }
        for (String c : LinuxHostTuning.CONTROLLERS) {
            if (!h.cgroupControllers().contains(c)) {
                assertThat(h.controllerUnavailable(c)).startsWith("the cgroup v2 " + c + " controller is not");
            }
        }
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        Path group = h.createCgroup("test-" + ProcessHandle.current().pid() + "-" + sleeper.pid());
        try {
            h.moveProcess(group, sleeper.pid());
            List<String> cgroups = Files.readAllLines(Path.of("/proc/" + sleeper.pid() + "/cgroup"));
            Path root = h.cgroupRoot();
            assertThat(cgroups).contains("0::/" + root.relativize(group));
            assertThat(Files.readString(group.resolve("cgroup.procs")).strip()).isEqualTo(Long.toString(sleeper.pid()));
        } finally {
            sleeper.destroy();
            sleeper.waitFor(10, TimeUnit.SECONDS);
            h.removeCgroup(group);
        }
        assertThat(group).doesNotExist();
    }
}
