package io.jvirt.daemon.host.caps;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.qemu.caps.QemuCaps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A made-up host for the capability tests: two NUMA cells of two cores with two threads each,
 * huge pages of 2 MiB (some reserved) and 1 GiB, IOMMU groups, suspend to RAM and disk; the
 * processor and QEMU are the ones recorded on the development machine.
 */
final class FakeHost {
    private FakeHost() {
    }

    /** Writes the sysfs tree under {@code sys}. */
    static void writeSys(Path sys) throws IOException {
        write(sys, "class/dmi/id/product_uuid", "4C4C4544-0042-3510-8051-B7C04F565432\n");
        write(sys, "power/state", "freeze mem disk\n");
        Files.createDirectories(sys.resolve("kernel/iommu_groups/0"));
        write(sys, "kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "64\n");
        write(sys, "kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "0\n");
        for (int node = 0; node < 2; node++) {
            String n = "devices/system/node/node" + node + "/";
            write(sys, n + "meminfo", "Node " + node + " MemTotal:       8388608 kB\nNode " + node
                    + " MemFree:        4000000 kB\n");
            write(sys, n + "distance", node == 0 ? "10 21\n" : "21 10\n");
            write(sys, n + "cpulist", node == 0 ? "0-3\n" : "4-7\n");
            write(sys, n + "hugepages/hugepages-2048kB/nr_hugepages", "32\n");
            write(sys, n + "hugepages/hugepages-1048576kB/nr_hugepages", "0\n");
        }
        write(sys, "devices/system/node/online", "0-1\n");
        for (int cpu = 0; cpu < 8; cpu++) {
            String t = "devices/system/cpu/cpu" + cpu + "/topology/";
            int core = cpu / 2;
            write(sys, t + "physical_package_id", (cpu / 4) + "\n");
            write(sys, t + "die_id", "0\n");
            write(sys, t + "core_id", (core % 2) + "\n");
            write(sys, t + "thread_siblings_list", (core * 2) + "-" + (core * 2 + 1) + "\n");
            String c = "devices/system/cpu/cpu" + cpu + "/cache/";
            write(sys, c + "index0/level", "1\n");
            write(sys, c + "index0/type", "Data\n");
            write(sys, c + "index0/size", "32K\n");
            write(sys, c + "index3/level", "3\n");
            write(sys, c + "index3/type", "Unified\n");
            write(sys, c + "index3/id", (cpu / 4) + "\n");
            write(sys, c + "index3/size", "16384K\n");
            write(sys, c + "index3/shared_cpu_list", cpu < 4 ? "0-3\n" : "4-7\n");
        }
        write(sys, "devices/system/cpu/online", "0-7\n");
    }

    /** The first processor of the development machine's /proc/cpuinfo. */
    static String cpuinfo() {
        return resource("/caps/cpuinfo.txt");
    }

    /** What the probe recorded from QEMU 7.2 on the development machine. */
    static QemuCaps qemu() {
        try {
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(resource("/caps/qemu-7.2.json"), QemuCaps.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = FakeHost.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
