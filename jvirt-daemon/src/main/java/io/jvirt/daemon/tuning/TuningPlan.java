package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.BlkioTuneDef;
import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.CpuTuneDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemTuneDef;
import io.jvirt.conf.domain.MemoryBackingDef;
import io.jvirt.conf.domain.NumaTuneDef;
import io.jvirt.conf.domain.TuningDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to do on the host, after QEMU has started, for a domain's placement and tuning: a pure
 * function of the definition and QEMU's threads, as libvirt's QEMU driver decides it.
 * <ul>
 *   <li>Affinity: each vCPU thread gets its {@code <vcpupin>}, else {@code <vcpu cpuset>}; the
 *       emulator's threads {@code <emulatorpin>}, else {@code <vcpu cpuset>}; each I/O thread its
 *       {@code <iothreadpin>}, else {@code <vcpu cpuset>}.</li>
 *   <li>Schedulers: {@code <vcpusched>}, {@code <iothreadsched>}, {@code <emulatorsched>}.</li>
 *   <li>QEMU's cgroup (v2, as libvirt writes it there): {@code cpu.weight} from shares,
 *       {@code cpu.max} from the global period and quota, and in threaded children
 *       {@code vcpuN}, {@code emulator} and {@code iothreadN} from the per-thread ones;
 *       {@code memory.max}, {@code memory.high} and {@code memory.swap.max} from
 *       {@code <memtune>}; {@code io.weight} and {@code io.max} from {@code <blkiotune>};
 *       {@code cpuset.mems} from a strict or restrictive {@code <numatune>}.</li>
 *   <li>What QEMU's command line did (huge pages, NUMA policies, locked memory) is reported as
 *       applied by QEMU; what jvirt does not do (resctrl cache and memory bandwidth, perf events,
 *       resource partitions) is reported with why.</li>
 * </ul>
 */
public final class TuningPlan {

    /** The default CFS period in microseconds, used when only a quota is given. */
    static final long DEFAULT_PERIOD = 100000;

    private TuningPlan() {
    }

    /** One thing to do, or to report. */
    public sealed interface Step {
        /** The section ({@code cputune}, {@code memtune}...) and setting it belongs to, for the report. */
        String section();

        /** The setting it belongs to. */
        String setting();
    }

    /**
     * Sets the CPUs of a thread; {@code thread} names it for the report ("vCPU 0", "the emulator
     * threads": the report says once what all of them got).
     */
    public record Pin(String section, String setting, String thread, long tid, CpuSet cpus) implements Step {
    }

    /** Sets the scheduling policy of a thread. */
    public record Schedule(String section, String setting, String thread, long tid, CpuTuneDef.Scheduler policy,
                           int priority) implements Step {
    }

    /**
     * Creates a threaded child of the domain's cgroup and moves threads into it.
     *
     * @param child the child's name
     * @param tids the threads
     */
    public record Child(String section, String setting, String child, List<Long> tids) implements Step {
    }

    /**
     * Writes a cgroup file of the domain's group (child null) or of a child.
     *
     * @param controller the controller the file belongs to
     * @param device a block device whose {@code major:minor} starts the value, or null
     */
    public record Write(String section, String setting, String controller, String child, String file, Path device,
                        String value) implements Step {
    }

    /** Reports a setting QEMU's command line applied. */
    public record ByQemu(String section, String setting, String detail) implements Step {
    }

    /** Reports a setting jvirt does not apply, and why. */
    public record Skip(String section, String setting, String reason) implements Step {
    }

    /** Returns whether a step needs QEMU's cgroup. */
    static boolean needsCgroup(Step s) {
        return switch (s) {
            case Child c -> true;
            case Write w -> true;
            case Pin p -> false;
            case Schedule sc -> false;
            case ByQemu b -> false;
            case Skip k -> false;
        };
    }

    /**
     * Plans a domain's tuning.
     *
     * @param def the live definition
     * @param threads QEMU's threads
     * @return the steps, in the order to take them
     */
    public static List<Step> of(DomainDef def, QemuThreadMap threads) {
        List<Step> out = new ArrayList<>();
        TuningDef t = def.tuning();
        CpuTuneDef ct = t.cputune();
        CpuSet cpuset = def.vcpu().cpuset();
        affinity(out, ct, cpuset, threads);
        if (ct != null) {
            schedulers(out, ct, threads);
            cpuCgroup(out, ct, threads);
            if (!ct.cachetunes().isEmpty() || !ct.memorytunes().isEmpty()) {
                out.add(new Skip("cputune", "cachetune/memorytune", "jvirt does not allocate cache or memory "
                        + "bandwidth with resctrl"));
            }
        }
        memtune(out, t.memtune());
        blkiotune(out, t.blkiotune());
        numatune(out, t.numatune(), def);
        backing(out, def);
        if (t.resource() != null) {
            out.add(new Skip("resource", "partition", "jvirt puts every domain in its own cgroup in jvirt.slice, "
                    + "not in " + t.resource().partition()));
        }
        if (t.perf() != null && t.perf().events().stream().anyMatch(e -> e.enabled())) {
            out.add(new Skip("perf", "events", "jvirt does not collect perf events"));
        }
        return out;
    }

    private static void affinity(List<Step> out, CpuTuneDef ct, CpuSet cpuset, QemuThreadMap threads) {
        threads.vcpus().forEach((id, tid) -> {
            CpuSet pin = ct == null ? null : ct.vcpupin(id);
            if (pin != null) {
                out.add(new Pin("cputune", "vcpupin", "vCPU " + id, tid, pin));
            } else if (cpuset != null) {
                out.add(new Pin("vcpu", "cpuset", "vCPU " + id, tid, cpuset));
            }
        });
        CpuSet emulator = ct != null && ct.emulatorpin() != null ? ct.emulatorpin() : cpuset;
        if (emulator != null) {
            String section = ct != null && ct.emulatorpin() != null ? "cputune" : "vcpu";
            String setting = ct != null && ct.emulatorpin() != null ? "emulatorpin" : "cpuset";
            for (long tid : threads.emulator()) {
                out.add(new Pin(section, setting, "the emulator threads", tid, emulator));
            }
        }
        threads.iothreads().forEach((id, tid) -> {
            CpuSet pin = ct == null ? null : ct.iothreadpin(id);
            if (pin != null) {
                out.add(new Pin("cputune", "iothreadpin", "I/O thread " + id, tid, pin));
            } else if (cpuset != null) {
                out.add(new Pin("vcpu", "cpuset", "I/O thread " + id, tid, cpuset));
            }
        });
    }

    private static void schedulers(List<Step> out, CpuTuneDef ct, QemuThreadMap threads) {
        for (CpuTuneDef.Sched s : ct.vcpuscheds()) {
            for (int id : s.ids().ids()) {
                Long tid = threads.vcpus().get(id);
                if (tid != null) {
                    out.add(new Schedule("cputune", "vcpusched", "vCPU " + id, tid, s.scheduler(), priority(s)));
                }
            }
        }
        if (ct.emulatorsched() != null) {
            for (long tid : threads.emulator()) {
                out.add(new Schedule("cputune", "emulatorsched", "the emulator threads", tid,
                        ct.emulatorsched().scheduler(), priority(ct.emulatorsched())));
            }
        }
        for (CpuTuneDef.Sched s : ct.iothreadscheds()) {
            for (int id : s.ids().ids()) {
                Long tid = threads.iothreads().get(id);
                if (tid != null) {
                    out.add(new Schedule("cputune", "iothreadsched", "I/O thread " + id, tid, s.scheduler(),
                            priority(s)));
                }
            }
        }
    }

    private static int priority(CpuTuneDef.Sched s) {
        return s.priority() == null ? 0 : s.priority();
    }

    private static void cpuCgroup(List<Step> out, CpuTuneDef ct, QemuThreadMap threads) {
        if (ct.shares() != null) {
            long shares = ct.shares();
            if (shares == 0) {
                out.add(new Skip("cputune", "shares", "0 shares leave QEMU's cgroup at the default weight"));
            } else if (shares > 10000) {
                out.add(new Skip("cputune", "shares", "cgroup v2 takes a cpu.weight from 1 to 10000, and libvirt "
                        + "writes the shares as the weight; " + shares + " is too many"));
            } else {
                out.add(new Write("cputune", "shares", "cpu", null, "cpu.weight", null, Long.toString(shares)));
            }
        }
        if (!ct.global().isEmpty()) {
            out.add(new Write("cputune", "global_quota", "cpu", null, "cpu.max", null, cpuMax(ct.global())));
        }
        if (!ct.vcpu().isEmpty()) {
            threads.vcpus().forEach((id, tid) -> {
                out.add(new Child("cputune", "quota", "vcpu" + id, List.of(tid)));
                out.add(new Write("cputune", "quota", "cpu", "vcpu" + id, "cpu.max", null, cpuMax(ct.vcpu())));
            });
        }
        if (!ct.emulator().isEmpty()) {
            out.add(new Child("cputune", "emulator_quota", "emulator", threads.emulator()));
            out.add(new Write("cputune", "emulator_quota", "cpu", "emulator", "cpu.max", null,
                    cpuMax(ct.emulator())));
        }
        if (!ct.iothread().isEmpty()) {
            threads.iothreads().forEach((id, tid) -> {
                out.add(new Child("cputune", "iothread_quota", "iothread" + id, List.of(tid)));
                out.add(new Write("cputune", "iothread_quota", "cpu", "iothread" + id, "cpu.max", null,
                        cpuMax(ct.iothread())));
            });
        }
    }

    /** {@code cpu.max}: "QUOTA PERIOD", with "max" for no quota (a negative or missing one). */
    static String cpuMax(CpuTuneDef.Bandwidth b) {
        long period = b.period() == null || b.period() == 0 ? DEFAULT_PERIOD : b.period();
        return (b.limits() ? Long.toString(b.quota()) : "max") + " " + period;
    }

    private static void memtune(List<Step> out, MemTuneDef m) {
        if (m == null) {
            return;
        }
        memoryLimit(out, "hard_limit", "memory.max", m.hardLimitKiB());
        memoryLimit(out, "soft_limit", "memory.high", m.softLimitKiB());
        memoryLimit(out, "swap_hard_limit", "memory.swap.max", m.swapHardLimitKiB());
    }

    private static void memoryLimit(List<Step> out, String setting, String file, Long kib) {
        if (kib != null) {
            out.add(new Write("memtune", setting, "memory", null, file, null,
                    MemTuneDef.limits(kib) ? Long.toString(kib * 1024) : "max"));
        }
    }

    private static void blkiotune(List<Step> out, BlkioTuneDef b) {
        if (b == null) {
            return;
        }
        if (b.weight() != null) {
            out.add(new Write("blkiotune", "weight", "io", null, "io.weight", null, "default " + b.weight()));
        }
        for (BlkioTuneDef.Device d : b.devices()) {
            Path node = Path.of(d.path());
            if (d.weight() != null && d.weight() > 0) {
                out.add(new Write("blkiotune", "device weight", "io", null, "io.weight", node,
                        Integer.toString(d.weight())));
            }
            List<String> limits = new ArrayList<>();
            Map.of("rbps", nz(d.readBytesSec()), "wbps", nz(d.writeBytesSec()), "riops", nz(d.readIopsSec()),
                    "wiops", nz(d.writeIopsSec())).forEach((k, v) -> {
                        if (v > 0) {
                            limits.add(k + "=" + v);
                        }
                    });
            if (!limits.isEmpty()) {
                limits.sort(null);
                out.add(new Write("blkiotune", "device throttle", "io", null, "io.max", node,
                        String.join(" ", limits)));
            }
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static void numatune(List<Step> out, NumaTuneDef nt, DomainDef def) {
        if (nt == null || nt.memory() == null) {
            if (nt != null && !nt.memnodes().isEmpty()) {
                out.add(new ByQemu("numatune", "memnode", "host-nodes and policy of each cell's memory backend"));
            }
            return;
        }
        CpuSet nodes = nt.memory().staticNodeset(def.vcpu().placement());
        if (nodes == null) {
            return;
        }
        NumaTuneDef.Mode mode = nt.memory().mode();
        if (mode != NumaTuneDef.Mode.RESTRICTIVE) {
            out.add(new ByQemu("numatune", "memory", "host-nodes " + nodes + ", policy " + mode.qemuPolicy()));
        }
        if (mode == NumaTuneDef.Mode.STRICT || mode == NumaTuneDef.Mode.RESTRICTIVE) {
            out.add(new Write("numatune", "memory", "cpuset", null, "cpuset.mems", null, nodes.toString()));
        }
        if (!nt.memnodes().isEmpty()) {
            out.add(new ByQemu("numatune", "memnode", "host-nodes and policy of each cell's memory backend"));
        }
    }

    private static void backing(List<Step> out, DomainDef def) {
        MemoryBackingDef mb = def.tuning().memoryBacking();
        if (mb == null) {
            return;
        }
        if (mb.hasHugepages()) {
            out.add(new ByQemu("memoryBacking", "hugepages", "guest memory on hugetlbfs"));
        }
        if (mb.locked()) {
            out.add(new ByQemu("memoryBacking", "locked", "-overcommit mem-lock=on"));
        }
        if (mb.nosharepages()) {
            out.add(new ByQemu("memoryBacking", "nosharepages", "mem-merge=off"));
        }
    }
}
