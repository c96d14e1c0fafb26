package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.MemoryStat;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.BalloonStats;
import io.jvirt.qemu.qmp.QmpException;
import io.jvirt.sys.ProcTasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The guest's memory, as libvirt's qemuDomainSetMemoryFlags, qemuDomainSetMemoryStatsPeriod
 * and qemuDomainMemoryStats handle it: {@code setmem} moves the balloon of a running guest
 * (and its {@code currentMemory} in the live definition when QEMU reports the change) or the
 * persistent {@code currentMemory}; {@code setmaxmem} changes only a persistent definition;
 * {@code dommemstat} reads the balloon's statistics. Job lock held for changes.
 */
final class MemoryChanges {
    private static final Logger LOG = Logger.getLogger(MemoryChanges.class.getName());
    /** The QOM path of the balloon device (its id is {@code balloon0}). */
    static final String BALLOON = "/machine/peripheral/balloon0";

    /** QEMU's statistic names, libvirt's tags and the divisor to KiB, in libvirt's order. */
    private static final String[][] STATS = {
        {"stat-swap-in", "swap_in", "1024"},
        {"stat-swap-out", "swap_out", "1024"},
        {"stat-major-faults", "major_fault", "1"},
        {"stat-minor-faults", "minor_fault", "1"},
        {"stat-free-memory", "unused", "1024"},
        {"stat-total-memory", "available", "1024"},
        {"stat-available-memory", "usable", "1024"},
        {"last-update", "last_update", "1"},
        {"stat-disk-caches", "disk_caches", "1024"},
        {"stat-htlb-pgalloc", "hugetlb_pgalloc", "1"},
        {"stat-htlb-pgfail", "hugetlb_pgfail", "1"},
    };

    private final DomainRunner runner;
    private final DefinitionSaves saves;

    MemoryChanges(DomainRunner runner, DefinitionSaves saves) {
        this.runner = runner;
        this.saves = saves;
    }

    void setMemory(DomainObj obj, long kib, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        long max = Long.MAX_VALUE;
        if (t.live()) {
            max = obj.liveDef().memoryKiB();
        }
        if (t.config()) {
            max = Math.min(max, obj.persistentDef().memoryKiB());
        }
        if (kib > max) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "cannot set the memory of domain '" + obj.name()
                    + "' to " + kib + " KiB, higher than its maximum memory of " + max + " KiB; raise the maximum "
                    + "first (jvirt setmaxmem " + obj.name() + " SIZE --config, then restart it).");
        }
        if (kib <= 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the memory of domain '" + obj.name()
                    + "' must be more than 0 KiB.");
        }
        if (t.live()) {
            if (!hasBalloon(obj.liveDef())) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "cannot change the memory of running domain '"
                        + obj.name() + "': it has no balloon device (<memballoon model='none'/>); change it with "
                        + "--config and restart it.");
            }
            runner.monitor(obj, m -> m.setBalloon(kib * 1024));
        }
        if (t.config()) {
            DomainDef cfg = obj.persistentDef();
            saves.config(obj, DefinitionSaves.build(obj.name(), () -> cfg.withMemoryKiB(cfg.memoryKiB(), kib)));
        }
    }

    void setMaxMemory(DomainObj obj, long kib, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        if (t.live()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "cannot resize the maximum memory of running domain '"
                    + obj.name() + "'; use --config to change it in its persistent definition (it applies at the "
                    + "next start).");
        }
        if (kib <= 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the maximum memory of domain '" + obj.name()
                    + "' must be more than 0 KiB.");
        }
        DomainDef cfg = obj.persistentDef();
        saves.config(obj, DefinitionSaves.build(obj.name(),
                () -> cfg.withMemoryKiB(kib, Math.min(cfg.currentMemoryKiB(), kib))));
    }

    void setStatsPeriod(DomainObj obj, int seconds, Affect affect) {
        Affect.Target t = affect.resolve(obj);
        if (seconds < 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the collection period must be 0 or more seconds.");
        }
        DomainDef config = null;
        if (t.config()) {
            DomainDef cfg = obj.persistentDef();
            config = withPeriod(obj, cfg, seconds);
        }
        if (t.live()) {
            DomainDef live = obj.liveDef();
            DomainDef changed = withPeriod(obj, live, seconds);
            runner.monitor(obj, m -> m.setBalloonStatsPeriod(BALLOON, seconds));
            saves.live(obj, changed);
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    private static DomainDef withPeriod(DomainObj obj, DomainDef def, int seconds) {
        MemballoonDef b = def.devices().memballoon();
        if (!hasBalloon(def)) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' has no memory balloon "
                    + "device, so it has no statistics period to set.");
        }
        MemballoonDef changed = new MemballoonDef(b.model(), b.autodeflate(), seconds, b.address());
        return DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(def, b, changed));
    }

    private static boolean hasBalloon(DomainDef def) {
        MemballoonDef b = def.devices().memballoon();
        return b != null && b.model() != MemballoonDef.Model.NONE;
    }

    /** {@code dommemstat}: the balloon's size and statistics, then QEMU's resident memory, in libvirt's order. */
    List<MemoryStat> stats(DomainObj obj) {
        var q = runner.requireActive(obj);
        List<MemoryStat> out = new ArrayList<>();
        if (hasBalloon(obj.liveDef())) {
            try {
                out.add(new MemoryStat("actual", q.monitor().queryBalloon() / 1024));
                BalloonStats s = q.monitor().balloonStats(BALLOON);
                for (String[] row : STATS) {
                    Long v = row[0].equals("last-update") ? (s.lastUpdate() > 0 ? s.lastUpdate() : null)
                            : s.stats().get(row[0]);
                    if (v != null) {
                        out.add(new MemoryStat(row[1], v / Long.parseLong(row[2])));
                    }
                }
            } catch (QmpException e) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "cannot read the memory statistics of domain '"
                        + obj.name() + "': " + DomainRunner.sentence(e.getMessage()), e);
            }
        }
        try {
            out.add(new MemoryStat("rss", ProcTasks.residentKiB(q.pid())));
        } catch (IOException e) {
            LOG.fine("domain " + obj.name() + ": no resident memory: " + e.getMessage());
        }
        return out;
    }

    /** QEMU reported the balloon moved: the live definition's current memory follows (libvirt does the same). */
    void balloonChanged(DomainObj obj, long actualKiB) {
        DomainDef live = obj.liveDef();
        if (live == null) {
            return;
        }
        long kib = Math.max(1, Math.min(actualKiB, live.memoryKiB()));
        if (kib != live.currentMemoryKiB()) {
            saves.live(obj, live.withMemoryKiB(live.memoryKiB(), kib));
        }
    }
}
