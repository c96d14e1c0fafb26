package io.jvirt.daemon.tuning;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.argv.MemoryPaths;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QemuThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Carries out a domain's placement and tuning on the host around QEMU's start: checks the host
 * and prepares the huge page directories before QEMU runs ({@link #prepare}); plugs the
 * hotpluggable vCPUs, pins and schedules QEMU's threads and puts QEMU into a cgroup of its own
 * once its monitor answers and before the guest runs ({@link #apply}); removes the cgroup and
 * directories when QEMU has ended ({@link #release}). What could not be applied is reported,
 * not fatal: the guest runs, and {@code dominfo} says what did not take effect and why. All host
 * work goes through {@link HostTuning}.
 */
public final class DomainTuning {
    private static final Logger LOG = Logger.getLogger(DomainTuning.class.getName());

    /** The directory in each hugetlbfs mount that holds jvirt's domains' directories. */
    static final String HUGEPAGE_DIR = "jvirt";

    private final HostTuning host;

    /**
     * Uses this host.
     *
     * @param host the host operations
     */
    public DomainTuning(HostTuning host) {
        this.host = host;
    }

    /**
     * What {@link #prepare} made: where QEMU puts its memory files, and the directories to remove
     * after QEMU ends.
     *
     * @param memory the paths for the argv
     * @param dirs the directories created
     */
    public record Prepared(MemoryPaths memory, List<Path> dirs) {
        /** Copies the list. */
        public Prepared {
            dirs = List.copyOf(dirs);
        }
    }

    /**
     * What {@link #apply} did.
     *
     * @param report each setting, applied or not
     * @param cgroup QEMU's cgroup, or null when it has none
     */
    public record Applied(TuningReport report, Path cgroup) {
    }

    /**
     * Checks the host and creates the domain's huge page directories ({@code MOUNT/jvirt/UUID}) and
     * its directory for file-backed memory ({@code RUNDIR/ram}).
     *
     * @throws io.jvirt.daemon.DaemonException of code HOST_RESOURCE when the host cannot run the
     *     domain's placement; nothing is left behind
     * @throws IOException when a directory cannot be made; those made are removed
     */
    public Prepared prepare(String domain, UUID uuid, DomainDef def, Path runDir) throws IOException {
        long defaultKiB = host.defaultHugepageKiB();
        TuningHostChecks.check(domain, def, host, defaultKiB);
        Map<Long, Path> dirs = new HashMap<>();
        List<Path> made = new ArrayList<>();
        try {
            for (Long size : QemuArgv.hugepageNeedsKiB(def, defaultKiB).keySet()) {
                Path dir = host.hugetlbfsMounts().get(size).resolve(HUGEPAGE_DIR).resolve(uuid.toString());
                Files.createDirectories(dir);
                made.add(dir);
                dirs.put(size, dir);
            }
            Path ram = Files.createDirectories(runDir.resolve("ram"));
            return new Prepared(new MemoryPaths(defaultKiB, dirs, ram), made);
        } catch (IOException | RuntimeException e) {
            removeDirs(made);
            throw e;
        }
    }

    /**
     * Plugs the enabled hotpluggable vCPUs, then applies the placement and tuning to QEMU's
     * threads and cgroup. Call it when the monitor answers, before the guest runs.
     *
     * @param domain the domain's name (for the cgroup's name)
     * @param def the live definition
     * @param pid QEMU's pid
     * @param monitor QEMU's monitor
     * @return the report and the cgroup
     * @throws io.jvirt.qemu.qmp.QmpException when QEMU refuses a vCPU or its threads cannot be listed
     */
    public Applied apply(String domain, DomainDef def, long pid, QemuMonitor monitor) {
        VcpuPlug.plug(def, monitor);
        QemuThreadMap threads = threads(pid, monitor);
        List<TuningPlan.Step> plan = TuningPlan.of(def, threads);
        return new TuningRun(host, plan, threads).run(cgroupName(domain, pid));
    }

    private QemuThreadMap threads(long pid, QemuMonitor monitor) {
        Map<Integer, Long> vcpus = new HashMap<>();
        for (QemuThreads.Vcpu v : monitor.vcpuThreads()) {
            vcpus.put(v.cpuIndex(), v.threadId());
        }
        Map<Integer, Long> io = new HashMap<>();
        for (QemuThreads.IoThread t : monitor.ioThreads()) {
            if (t.id().startsWith("iothread")) {
                try {
                    io.put(Integer.parseInt(t.id().substring("iothread".length())), t.threadId());
                } catch (NumberFormatException notOurs) {
                    // an I/O thread jvirt did not name
                }
            }
        }
        List<Long> all;
        try {
            all = host.threads(pid);
        } catch (IOException e) {
            LOG.warning("cannot list the threads of QEMU " + pid + ": " + e.getMessage());
            all = List.of();
        }
        return new QemuThreadMap(pid, vcpus, io, all);
    }

    /** A cgroup name unique on the host: QEMU's pid and the domain's name, in the characters cgroupfs takes. */
    static String cgroupName(String domain, long pid) {
        String safe = domain.replaceAll("[^A-Za-z0-9_.-]", "_");
        return "qemu-" + pid + "-" + (safe.length() > 48 ? safe.substring(0, 48) : safe);
    }

    /** Removes QEMU's cgroup and the memory directories once QEMU has ended. Never throws. */
    public void release(Path cgroup, List<Path> dirs) {
        if (cgroup != null) {
            try {
                host.removeCgroup(cgroup);
            } catch (IOException | RuntimeException e) {
                LOG.warning("cannot remove the cgroup " + cgroup + ": " + e.getMessage());
            }
        }
        removeDirs(dirs);
    }

    private static void removeDirs(List<Path> dirs) {
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                LOG.warning("cannot remove " + d + ": " + e.getMessage());
            }
        }
    }
}
