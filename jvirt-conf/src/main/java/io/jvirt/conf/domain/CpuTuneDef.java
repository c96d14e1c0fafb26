package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * The {@code <cputune>} element: CPU shares and bandwidth, where the threads of QEMU run
 * (vCPUs, emulator, I/O threads) and with which scheduler, and cache and memory bandwidth
 * allocations (resctrl). jvirt applies these after QEMU has started: pinning and schedulers
 * with the kernel's affinity and scheduler calls, shares and bandwidth through QEMU's cgroup.
 *
 * @param shares the relative CPU weight ({@code <shares>}), or null
 * @param vcpu the bandwidth of each vCPU thread ({@code <period>}, {@code <quota>})
 * @param global the bandwidth of the whole domain ({@code <global_period>}, {@code <global_quota>})
 * @param emulator the bandwidth of the emulator threads ({@code <emulator_period>}, {@code <emulator_quota>})
 * @param iothread the bandwidth of each I/O thread ({@code <iothread_period>}, {@code <iothread_quota>})
 * @param vcpupins the host CPUs each pinned vCPU may run on, in vCPU order
 * @param emulatorpin the host CPUs of the emulator threads, or null
 * @param iothreadpins the host CPUs each pinned I/O thread may run on
 * @param emulatorsched the scheduler of the emulator threads, or null
 * @param vcpuscheds the schedulers of groups of vCPUs
 * @param iothreadscheds the schedulers of groups of I/O threads
 * @param cachetunes cache allocations of groups of vCPUs
 * @param memorytunes memory bandwidth allocations of groups of vCPUs
 */
public record CpuTuneDef(Long shares, Bandwidth vcpu, Bandwidth global, Bandwidth emulator, Bandwidth iothread,
                         List<VcpuPin> vcpupins, CpuSet emulatorpin, List<IothreadPin> iothreadpins,
                         Sched emulatorsched, List<Sched> vcpuscheds, List<Sched> iothreadscheds,
                         List<CacheTune> cachetunes, List<MemoryTune> memorytunes) {

    /** Smallest and largest CPU shares (libvirt's cgroup limits). */
    public static final long SHARES_MIN = 2;
    /** Largest CPU shares. */
    public static final long SHARES_MAX = 262144;
    /** Smallest period in microseconds. */
    public static final long PERIOD_MIN = 1000;
    /** Largest period in microseconds. */
    public static final long PERIOD_MAX = 1000000;
    /** Smallest positive quota in microseconds. */
    public static final long QUOTA_MIN = 1000;
    /** Largest quota in microseconds. */
    public static final long QUOTA_MAX = 17592186044415L;

    /** Validates the values and copies the lists; vCPU pins are kept in vCPU order. */
    public CpuTuneDef {
        if (shares != null && shares > 0 && (shares < SHARES_MIN || shares > SHARES_MAX)) {
            throw new ConfException(Kind.INVALID_VALUE, "The cputune shares " + shares + " are out of range; "
                    + "they must be from " + SHARES_MIN + " to " + SHARES_MAX + ".");
        }
        vcpu = vcpu == null ? Bandwidth.NONE : vcpu;
        global = global == null ? Bandwidth.NONE : global;
        emulator = emulator == null ? Bandwidth.NONE : emulator;
        iothread = iothread == null ? Bandwidth.NONE : iothread;
        vcpu.check("");
        global.check("global_");
        emulator.check("emulator_");
        iothread.check("iothread_");
        vcpupins = Checks.list(vcpupins).stream().sorted((a, b) -> Integer.compare(a.vcpu(), b.vcpu())).toList();
        iothreadpins = Checks.list(iothreadpins);
        vcpuscheds = Checks.list(vcpuscheds);
        iothreadscheds = Checks.list(iothreadscheds);
        cachetunes = Checks.list(cachetunes);
        memorytunes = Checks.list(memorytunes);
        for (int i = 1; i < vcpupins.size(); i++) {
            if (vcpupins.get(i).vcpu() == vcpupins.get(i - 1).vcpu()) {
                throw new ConfException(Kind.DUPLICATE, "vCPU " + vcpupins.get(i).vcpu()
                        + " has more than one <vcpupin>; keep one.");
            }
        }
        for (int i = 0; i < iothreadpins.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (iothreadpins.get(i).iothread() == iothreadpins.get(j).iothread()) {
                    throw new ConfException(Kind.DUPLICATE, "I/O thread " + iothreadpins.get(i).iothread()
                            + " has more than one <iothreadpin>; keep one.");
                }
            }
        }
        noOverlap(vcpuscheds, "vcpusched", "vcpus");
        noOverlap(iothreadscheds, "iothreadsched", "iothreads");
        for (int i = 0; i < cachetunes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (cachetunes.get(i).vcpus().overlaps(cachetunes.get(j).vcpus())) {
                    throw new ConfException(Kind.CONFLICT, "Two <cachetune> elements name the same vCPUs ("
                            + cachetunes.get(i).vcpus() + " and " + cachetunes.get(j).vcpus() + "); a vCPU may be "
                            + "in one cache allocation only.");
                }
            }
        }
    }

    private static void noOverlap(List<Sched> scheds, String element, String attribute) {
        for (int i = 0; i < scheds.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (scheds.get(i).ids().overlaps(scheds.get(j).ids())) {
                    throw new ConfException(Kind.CONFLICT, "The '" + attribute + "' of two <" + element
                            + "> elements overlap (" + scheds.get(j).ids() + " and " + scheds.get(i).ids()
                            + "); each thread may have one scheduler.");
                }
            }
        }
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return shares == null && vcpu.isEmpty() && global.isEmpty() && emulator.isEmpty() && iothread.isEmpty()
                && vcpupins.isEmpty() && emulatorpin == null && iothreadpins.isEmpty() && emulatorsched == null
                && vcpuscheds.isEmpty() && iothreadscheds.isEmpty() && cachetunes.isEmpty() && memorytunes.isEmpty();
    }

    /** Returns the pin of vCPU {@code id}, or null. */
    public CpuSet vcpupin(int id) {
        return vcpupins.stream().filter(p -> p.vcpu() == id).map(VcpuPin::cpuset).findFirst().orElse(null);
    }

    /** Returns the pin of I/O thread {@code id}, or null. */
    public CpuSet iothreadpin(int id) {
        return iothreadpins.stream().filter(p -> p.iothread() == id).map(IothreadPin::cpuset).findFirst().orElse(null);
    }

    /**
     * A CFS bandwidth pair: the period and the quota of CPU time in it, in microseconds.
     *
     * @param period the period, or null
     * @param quota the quota; negative means unlimited; or null
     */
    public record Bandwidth(Long period, Long quota) {
        /** Neither set. */
        public static final Bandwidth NONE = new Bandwidth(null, null);

        /** Returns whether neither is set. */
        public boolean isEmpty() {
            return period == null && quota == null;
        }

        /** Returns whether a limit applies: a positive quota. */
        public boolean limits() {
            return quota != null && quota > 0;
        }

        void check(String prefix) {
            if (period != null && period > 0 && (period < PERIOD_MIN || period > PERIOD_MAX)) {
                throw new ConfException(Kind.INVALID_VALUE, "The cputune " + prefix + "period " + period
                        + " is out of range; it must be from " + PERIOD_MIN + " to " + PERIOD_MAX + " microseconds.");
            }
            if (quota != null && quota > 0 && (quota < QUOTA_MIN || quota > QUOTA_MAX)) {
                throw new ConfException(Kind.INVALID_VALUE, "The cputune " + prefix + "quota " + quota
                        + " is out of range; it must be from " + QUOTA_MIN + " to " + QUOTA_MAX
                        + " microseconds, or negative for no limit.");
            }
        }
    }

    /**
     * A {@code <vcpupin>}.
     *
     * @param vcpu the vCPU id
     * @param cpuset the host CPUs it may run on
     */
    public record VcpuPin(int vcpu, CpuSet cpuset) {
        /** Checks that the set is given. */
        public VcpuPin {
            Checks.required(cpuset, "The vcpupin cpuset");
        }
    }

    /**
     * An {@code <iothreadpin>}.
     *
     * @param iothread the I/O thread id, from 1
     * @param cpuset the host CPUs it may run on
     */
    public record IothreadPin(int iothread, CpuSet cpuset) {
        /** Checks that the set is given. */
        public IothreadPin {
            Checks.required(cpuset, "The iothreadpin cpuset");
        }
    }

    /** A host scheduling policy. */
    public enum Scheduler implements XmlEnum {
        /** SCHED_BATCH. */
        BATCH("batch"),
        /** SCHED_IDLE. */
        IDLE("idle"),
        /** SCHED_FIFO, real time. */
        FIFO("fifo"),
        /** SCHED_RR, real time. */
        RR("rr");

        private final String xml;

        Scheduler(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns whether the policy is a real-time one, which takes a priority. */
        public boolean realTime() {
            return this == FIFO || this == RR;
        }
    }

    /**
     * A {@code <vcpusched>}, {@code <iothreadsched>} or {@code <emulatorsched>}.
     *
     * @param ids the vCPU or I/O thread ids it applies to; null for the emulator
     * @param scheduler the policy
     * @param priority the real-time priority, required for fifo and rr, else null
     */
    public record Sched(CpuSet ids, Scheduler scheduler, Integer priority) {
        /** Checks that a real-time policy has a priority and another has none. */
        public Sched {
            Checks.required(scheduler, "The scheduler");
            if (scheduler.realTime() && priority == null) {
                throw new ConfException(Kind.MISSING_VALUE, "The scheduler '" + scheduler.xml()
                        + "' needs a 'priority'.");
            }
            if (!scheduler.realTime()) {
                priority = null;
            }
        }
    }

    /** The {@code type} of a cache allocation. */
    public enum CacheType implements XmlEnum {
        /** Code and data. */
        BOTH("both"),
        /** Code only. */
        CODE("code"),
        /** Data only. */
        DATA("data");

        private final String xml;

        CacheType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * A {@code <cachetune>}: a cache allocation for a group of vCPUs.
     *
     * @param vcpus the vCPUs
     * @param caches the allocations
     * @param monitors the monitors
     */
    public record CacheTune(CpuSet vcpus, List<Cache> caches, List<Monitor> monitors) {
        /** Copies the lists. */
        public CacheTune {
            Checks.required(vcpus, "The cachetune vcpus");
            caches = Checks.list(caches);
            monitors = Checks.list(monitors);
        }
    }

    /**
     * A {@code <cache>} inside {@code <cachetune>}.
     *
     * @param id the host cache id
     * @param level the cache level
     * @param type which part of the cache
     * @param bytes the size allocated
     */
    public record Cache(int id, int level, CacheType type, long bytes) {
    }

    /**
     * A {@code <monitor>} inside {@code <cachetune>} (with a level) or {@code <memorytune>}.
     *
     * @param level the cache level, 3, or null in a memorytune
     * @param vcpus the vCPUs monitored
     */
    public record Monitor(Integer level, CpuSet vcpus) {
        /** Checks the level. */
        public Monitor {
            Checks.required(vcpus, "The monitor vcpus");
            if (level != null && level != 3) {
                throw new ConfException(Kind.INVALID_VALUE, "The monitor cache level " + level
                        + " is not valid; only level 3 is monitored.");
            }
        }
    }

    /**
     * A {@code <memorytune>}: a memory bandwidth allocation for a group of vCPUs.
     *
     * @param vcpus the vCPUs
     * @param nodes the bandwidth per host memory controller
     * @param monitors the monitors
     */
    public record MemoryTune(CpuSet vcpus, List<MemoryNode> nodes, List<Monitor> monitors) {
        /** Copies the lists. */
        public MemoryTune {
            Checks.required(vcpus, "The memorytune vcpus");
            nodes = Checks.list(nodes);
            monitors = Checks.list(monitors);
        }
    }

    /**
     * A {@code <node>} inside {@code <memorytune>}.
     *
     * @param id the host memory controller id
     * @param bandwidth the percentage of its bandwidth
     */
    public record MemoryNode(int id, int bandwidth) {
    }
}
