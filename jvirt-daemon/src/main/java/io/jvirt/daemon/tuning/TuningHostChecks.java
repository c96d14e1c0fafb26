package io.jvirt.daemon.tuning;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.CpuTuneDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemoryDeviceDef;
import io.jvirt.conf.domain.NumaTuneDef;
import io.jvirt.conf.domain.VcpuDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.argv.QemuArgv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The checks of a domain's placement against this host, made before anything is started, so
 * that a start the host cannot carry out fails at once with a sentence naming what to change:
 * automatic placement (numad), host NUMA nodes and CPUs that do not exist, huge pages that are
 * not mounted or not reserved.
 */
final class TuningHostChecks {

    private TuningHostChecks() {
    }

    static void check(String domain, DomainDef def, HostTuning host, long defaultHugepageKiB) {
        List<String> problems = new ArrayList<>();
        placement(problems, def);
        nodes(problems, def, host.numaNodes());
        cpus(problems, def, host.onlineCpus());
        hugepages(problems, def, host, defaultHugepageKiB);
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + String.join("; ", problems) + ".");
        }
    }

    private static void placement(List<String> problems, DomainDef def) {
        NumaTuneDef nt = def.tuning().numatune();
        boolean autoMemory = nt != null && nt.memory() != null
                && nt.memory().effectivePlacement(def.vcpu().placement()) == NumaTuneDef.Placement.AUTO;
        if (def.vcpu().placement() == VcpuDef.Placement.AUTO || autoMemory) {
            problems.add("placement='auto' needs numad to choose host NUMA nodes, and jvirt does not run numad; "
                    + "give <vcpu> a cpuset and <numatune><memory> a nodeset instead");
        }
    }

    private static void nodes(List<String> problems, DomainDef def, BitSet hostNodes) {
        List<CpuSet> sets = new ArrayList<>();
        NumaTuneDef nt = def.tuning().numatune();
        if (nt != null) {
            if (nt.memory() != null && nt.memory().staticNodeset(def.vcpu().placement()) != null) {
                sets.add(nt.memory().staticNodeset(def.vcpu().placement()));
            }
            nt.memnodes().forEach(m -> sets.add(m.nodeset()));
        }
        for (MemoryDeviceDef m : def.devices().memories()) {
            if (m.source().nodemask() != null) {
                sets.add(m.source().nodemask());
            }
        }
        BitSet missing = new BitSet();
        for (CpuSet s : sets) {
            BitSet b = s.bits();
            b.andNot(hostNodes);
            missing.or(b);
        }
        if (!missing.isEmpty()) {
            problems.add("it binds memory to host NUMA node(s) " + new CpuSet(missing) + ", which this host does not "
                    + "have (its nodes are " + describe(hostNodes) + "); change the nodeset");
        }
    }

    private static void cpus(List<String> problems, DomainDef def, BitSet online) {
        List<String> what = new ArrayList<>();
        List<CpuSet> sets = new ArrayList<>();
        if (def.vcpu().cpuset() != null) {
            what.add("<vcpu cpuset>");
            sets.add(def.vcpu().cpuset());
        }
        CpuTuneDef ct = def.tuning().cputune();
        if (ct != null) {
            for (CpuTuneDef.VcpuPin p : ct.vcpupins()) {
                if (p.vcpu() < def.vcpu().max()) {
                    what.add("the vcpupin of vCPU " + p.vcpu());
                    sets.add(p.cpuset());
                }
            }
            if (ct.emulatorpin() != null) {
                what.add("<emulatorpin>");
                sets.add(ct.emulatorpin());
            }
            for (CpuTuneDef.IothreadPin p : ct.iothreadpins()) {
                what.add("the iothreadpin of I/O thread " + p.iothread());
                sets.add(p.cpuset());
            }
        }
        for (int i = 0; i < sets.size(); i++) {
            if (!sets.get(i).bits().intersects(online)) {
                problems.add(what.get(i) + " names host CPUs " + sets.get(i) + ", none of which this host has online "
                        + "(it has " + describe(online) + ")");
            }
        }
    }

    private static void hugepages(List<String> problems, DomainDef def, HostTuning host, long defaultKiB) {
        Map<Long, Long> needs = QemuArgv.hugepageNeedsKiB(def, defaultKiB);
        Map<Long, HostTuning.HugePool> pools = host.hugePools();
        Map<Long, Path> mounts = host.hugetlbfsMounts();
        needs.forEach((size, kib) -> {
            HostTuning.HugePool pool = pools.get(size);
            if (pool == null) {
                problems.add("it needs huge pages of " + size + " KiB, a size this host does not have (it has "
                        + (pools.isEmpty() ? "none" : pools.keySet().stream().map(k -> k + " KiB").toList()) + ")");
                return;
            }
            long pages = (kib + size - 1) / size;
            if (pool.free() < pages) {
                String sysfs = "/sys/kernel/mm/hugepages/hugepages-" + size + "kB/nr_hugepages";
                problems.add("it needs " + pages + " huge pages of " + size + " KiB but the host has " + pool.free()
                        + " free (" + pool.total() + " reserved); reserve " + (pool.total() + pages - pool.free())
                        + " with 'echo " + (pool.total() + pages - pool.free()) + " > " + sysfs + "'"
                        + (size == defaultKiB ? " (sysctl vm.nr_hugepages)" : ""));
            }
            if (!mounts.containsKey(size)) {
                problems.add("no hugetlbfs with " + size + " KiB pages is mounted; mount one with 'mount -t hugetlbfs "
                        + "-o pagesize=" + size + "K hugetlbfs /dev/hugepages"
                        + (size == defaultKiB ? "" : size / 1024 + "M") + "'");
            }
        });
    }

    /** A set of host CPUs or nodes for a message: "0-1", or "none". */
    static String describe(BitSet b) {
        return b.isEmpty() ? "none" : new CpuSet(b).toString();
    }
}
