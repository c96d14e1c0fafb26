package io.jvirt.daemon.inspect;

import io.jvirt.api.DomainStats;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.qemu.qmp.BalloonGuestStats;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import io.jvirt.qemu.qmp.QemuThreads;
import io.jvirt.qemu.qmp.QmpException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One domain's {@code domstats}: libvirt's typed parameters (qemuDomainGetStats*), in its
 * order and names, from the definition, QEMU's typed answers and the host's readings. Like
 * libvirt, a value that cannot be read is left out rather than failing the whole answer; a
 * QEMU that ends meanwhile leaves only what was read before.
 */
public final class StatsCollector {
    /** The guest's balloon statistics in libvirt's names, in libvirt's order, with the divisor to KiB (1 for counts). */
    private static final String[][] BALLOON = {
        {"stat-swap-in", "swap_in", "1024"},
        {"stat-swap-out", "swap_out", "1024"},
        {"stat-major-faults", "major_fault", "1"},
        {"stat-minor-faults", "minor_fault", "1"},
        {"stat-free-memory", "unused", "1024"},
        {"stat-total-memory", "available", "1024"},
        {"stat-available-memory", "usable", "1024"},
    };
    private static final String[][] BALLOON_AFTER_UPDATE = {
        {"stat-disk-caches", "disk_caches", "1024"},
        {"stat-htlb-pgalloc", "hugetlb_pgalloc", "1"},
        {"stat-htlb-pgfail", "hugetlb_pgfail", "1"},
    };

    private final HostReadings host;

    public StatsCollector(HostReadings host) {
        this.host = host;
    }

    /** The statistics of the groups asked for, in libvirt's group order. */
    public DomainStats collect(DomainSample d, Set<StatsGroup> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (StatsGroup g : StatsGroup.values()) {
            if (!groups.contains(g)) {
                continue;
            }
            try {
                switch (g) {
                    case STATE -> state(d, out);
                    case CPU_TOTAL -> cpu(d, out);
                    case BALLOON -> balloon(d, out);
                    case VCPU -> vcpu(d, out);
                    case INTERFACE -> interfaces(d, out);
                    case PERF -> { } // jvirt enables no perf events (<perf> is kept, not applied)
                    case BLOCK -> block(d, out);
                }
            } catch (QmpException qemuGone) {
                // QEMU ended or refused while we asked: report what was read (libvirt does the same)
            }
        }
        return new DomainStats(d.name(), out);
    }

    private static void state(DomainSample d, Map<String, Object> out) {
        out.put("state.state", StateCodes.state(d.state()));
        out.put("state.reason", StateCodes.reason(d.state(), d.reason()));
    }

    private void cpu(DomainSample d, Map<String, Object> out) {
        if (!d.active()) {
            return;
        }
        host.processTimes(d.pid()).ifPresent(t -> {
            out.put("cpu.time", t.totalNs());
            out.put("cpu.user", t.userNs());
            out.put("cpu.system", t.systemNs());
        });
        out.put("cpu.cache.monitor.count", 0);
    }

    private void balloon(DomainSample d, Map<String, Object> out) {
        DomainDef def = d.def();
        if (def == null) {
            return;
        }
        MemballoonDef mb = def.devices().memballoon();
        boolean hasBalloon = mb != null && mb.model() != MemballoonDef.Model.NONE;
        Long actual = d.active() && hasBalloon ? d.monitor().balloonActualBytes() : null;
        out.put("balloon.current", actual != null ? actual / 1024 : def.currentMemoryKiB());
        out.put("balloon.maximum", def.memoryKiB());
        if (!d.active()) {
            return;
        }
        if (hasBalloon) {
            BalloonGuestStats s = d.monitor().balloonGuestStats("/machine/peripheral/balloon0");
            put(out, s, BALLOON);
            if (s.lastUpdate() > 0) {
                out.put("balloon.last-update", s.lastUpdate());
            }
            put(out, s, BALLOON_AFTER_UPDATE);
        }
        host.rssKiB(d.pid()).ifPresent(rss -> out.put("balloon.rss", rss));
    }

    private static void put(Map<String, Object> out, BalloonGuestStats s, String[][] names) {
        for (String[] n : names) {
            Long v = s.stats().get(n[0]);
            if (v != null) {
                out.put("balloon." + n[1], v / Long.parseLong(n[2]));
            }
        }
    }

    private void vcpu(DomainSample d, Map<String, Object> out) {
        DomainDef def = d.def();
        if (def == null) {
            return;
        }
        out.put("vcpu.current", def.vcpu().online());
        out.put("vcpu.maximum", def.vcpu().max());
        if (!d.active()) {
            return;
        }
        List<QemuThreads.Vcpu> threads = d.monitor().vcpuThreads();
        for (QemuThreads.Vcpu v : threads) {
            String p = "vcpu." + v.cpuIndex() + ".";
            out.put(p + "state", 1); // VIR_VCPU_RUNNING: QEMU has the thread
            host.threadTimes(d.pid(), v.threadId()).ifPresent(t -> out.put(p + "time", t.totalNs()));
            // libvirt reports 0 when the kernel keeps no scheduler statistics (no wait_sum line)
            out.put(p + "wait", host.threadWaitNs(d.pid(), v.threadId()).orElse(0));
            host.threadDelayNs(d.pid(), v.threadId()).ifPresent(w -> out.put(p + "delay", w));
        }
    }

    private void interfaces(DomainSample d, Map<String, Object> out) {
        DomainDef def = d.def();
        if (def == null) {
            return;
        }
        List<InterfaceDef> nics = def.devices().interfaces();
        out.put("net.count", nics.size());
        for (int i = 0; i < nics.size(); i++) {
            String dev = nics.get(i).targetDev();
            String p = "net." + i + ".";
            if (dev != null) {
                out.put(p + "name", dev);
            }
            if (!d.active() || dev == null) {
                continue;
            }
            Optional<HostReadings.NetCounters> c = host.netCounters(dev);
            c.ifPresent(n -> {
                // the tap's host side: what it sent is what the guest received
                out.put(p + "rx.bytes", n.txBytes());
                out.put(p + "rx.pkts", n.txPackets());
                out.put(p + "rx.errs", n.txErrors());
                out.put(p + "rx.drop", n.txDropped());
                out.put(p + "tx.bytes", n.rxBytes());
                out.put(p + "tx.pkts", n.rxPackets());
                out.put(p + "tx.errs", n.rxErrors());
                out.put(p + "tx.drop", n.rxDropped());
            });
        }
    }

    private void block(DomainSample d, Map<String, Object> out) {
        DomainDef def = d.def();
        if (def == null) {
            return;
        }
        List<DiskDef> disks = def.devices().disks();
        out.put("block.count", disks.size());
        List<BlockIoStats> stats = d.active() ? d.monitor().blockIoStats() : List.of();
        List<BlockImageSize> sizes = d.active() ? d.monitor().blockImageSizes() : List.of();
        for (int i = 0; i < disks.size(); i++) {
            DiskDef disk = disks.get(i);
            String p = "block." + i + ".";
            out.put(p + "name", disk.target().dev());
            String path = BlockViews.source(disk);
            if (path != null) {
                out.put(p + "path", path);
            }
            Optional<BlockIoStats> s = BlockViews.stats(stats, def, disk);
            s.ifPresent(b -> {
                out.put(p + "rd.reqs", b.rdOps());
                out.put(p + "rd.bytes", b.rdBytes());
                out.put(p + "rd.times", b.rdTotalTimeNs());
                out.put(p + "wr.reqs", b.wrOps());
                out.put(p + "wr.bytes", b.wrBytes());
                out.put(p + "wr.times", b.wrTotalTimeNs());
                out.put(p + "fl.reqs", b.flushOps());
                out.put(p + "fl.times", b.flushTotalTimeNs());
                out.put(p + "allocation", b.wrHighestOffset() == null ? 0L : b.wrHighestOffset());
            });
            BlockViews.size(sizes, def, disk).ifPresent(z -> {
                if (z.virtualSize() > 0) {
                    out.put(p + "capacity", z.virtualSize());
                }
                if (z.actualSize() != null && z.actualSize() > 0) {
                    out.put(p + "physical", z.actualSize());
                }
            });
        }
    }
}
