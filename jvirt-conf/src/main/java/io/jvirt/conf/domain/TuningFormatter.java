package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlOut;
import java.util.List;

/**
 * Writes {@code <vcpu>}, {@code <vcpus>}, {@code <maxMemory>} and the placement and tuning
 * sections ({@link TuningDef}) as libvirt formats them: sizes in KiB, bitmaps as ranges.
 */
final class TuningFormatter {

    private TuningFormatter() {
    }

    static XmlOut maxMemory(MaxMemoryDef m) {
        if (m == null) {
            return null;
        }
        return XmlOut.element("maxMemory").attr("slots", m.slots()).attr("unit", "KiB")
                .text(Long.toString(m.sizeKiB()));
    }

    static void blkioMemtuneBacking(XmlOut d, TuningDef t) {
        d.child(blkiotune(t.blkiotune()));
        d.child(memtune(t.memtune()));
        d.child(memoryBacking(t.memoryBacking()));
    }

    static void vcpu(XmlOut d, VcpuDef v) {
        d.child(XmlOut.element("vcpu").attr("placement", v.placement()).attr("cpuset", v.cpuset())
                .attr("current", v.current()).text(Integer.toString(v.max())));
        if (!v.vcpus().isEmpty()) {
            XmlOut list = XmlOut.element("vcpus");
            for (VcpuDef.Vcpu c : v.vcpus()) {
                list.child(XmlOut.element("vcpu").attr("id", c.id()).yesNo("enabled", c.enabled())
                        .yesNo("hotpluggable", c.hotpluggable()).attr("order", c.order()));
            }
            d.child(list);
        }
    }

    static void iothreadsToResource(XmlOut d, TuningDef t) {
        iothreads(d, t.iothreads());
        d.child(cputune(t.cputune()));
        d.child(numatune(t.numatune()));
        if (t.resource() != null) {
            d.child(XmlOut.element("resource").textChild("partition", t.resource().partition()));
        }
    }

    static XmlOut perf(TuningDef.Perf perf) {
        if (perf == null) {
            return null;
        }
        XmlOut p = XmlOut.element("perf");
        for (TuningDef.Event e : perf.events()) {
            p.child(XmlOut.element("event").attr("name", e.name()).yesNo("enabled", e.enabled()));
        }
        return p;
    }

    private static XmlOut blkiotune(BlkioTuneDef b) {
        if (b == null) {
            return null;
        }
        XmlOut x = XmlOut.element("blkiotune").textChild("weight", b.weight());
        for (BlkioTuneDef.Device dev : b.devices()) {
            x.child(XmlOut.element("device").textChild("path", dev.path()).textChild("weight", dev.weight())
                    .textChild("read_iops_sec", dev.readIopsSec()).textChild("write_iops_sec", dev.writeIopsSec())
                    .textChild("read_bytes_sec", dev.readBytesSec()).textChild("write_bytes_sec", dev.writeBytesSec()));
        }
        return x;
    }

    private static XmlOut memtune(MemTuneDef m) {
        if (m == null) {
            return null;
        }
        return XmlOut.element("memtune").child(kib("hard_limit", m.hardLimitKiB()))
                .child(kib("soft_limit", m.softLimitKiB())).child(kib("min_guarantee", m.minGuaranteeKiB()))
                .child(kib("swap_hard_limit", m.swapHardLimitKiB()));
    }

    private static XmlOut kib(String name, Long value) {
        return value == null ? null : XmlOut.element(name).attr("unit", "KiB").text(Long.toString(value));
    }

    private static XmlOut memoryBacking(MemoryBackingDef m) {
        if (m == null) {
            return null;
        }
        XmlOut x = XmlOut.element("memoryBacking");
        if (m.hugepages() != null) {
            XmlOut hp = XmlOut.element("hugepages");
            List<MemoryBackingDef.Page> pages = m.hugepages();
            if (pages.size() != 1 || pages.getFirst().sizeKiB() != 0) {
                for (MemoryBackingDef.Page p : pages) {
                    hp.child(XmlOut.element("page").attr("size", p.sizeKiB()).attr("unit", "KiB")
                            .attr("nodeset", p.nodeset()));
                }
            }
            x.child(hp);
        }
        if (m.nosharepages()) {
            x.child(XmlOut.element("nosharepages"));
        }
        if (m.locked()) {
            x.child(XmlOut.element("locked"));
        }
        if (m.source() != null) {
            x.child(XmlOut.element("source").attr("type", m.source()));
        }
        if (m.access() != null) {
            x.child(XmlOut.element("access").attr("mode", m.access()));
        }
        if (m.allocation() != null || m.allocationThreads() != null) {
            x.child(XmlOut.element("allocation").attr("mode", m.allocation()).attr("threads", m.allocationThreads()));
        }
        if (m.discard()) {
            x.child(XmlOut.element("discard"));
        }
        return x;
    }

    private static void iothreads(XmlOut d, IoThreadsDef io) {
        if (io.count() > 0) {
            d.textChild("iothreads", io.count());
        }
        if (io.listed()) {
            XmlOut ids = XmlOut.element("iothreadids");
            for (IoThreadsDef.IoThread t : io.ids()) {
                ids.child(XmlOut.element("iothread").attr("id", t.id()).attr("thread_pool_min", t.poolMin())
                        .attr("thread_pool_max", t.poolMax()));
            }
            d.child(ids);
        }
        if (io.defaultThread() != null) {
            d.child(XmlOut.element("defaultiothread").attr("thread_pool_min", io.defaultThread().poolMin())
                    .attr("thread_pool_max", io.defaultThread().poolMax()));
        }
    }

    private static XmlOut cputune(CpuTuneDef c) {
        if (c == null) {
            return null;
        }
        XmlOut x = XmlOut.element("cputune");
        x.textChild("shares", c.shares());
        x.textChild("period", c.vcpu().period());
        x.textChild("quota", c.vcpu().quota());
        x.textChild("global_period", c.global().period());
        x.textChild("global_quota", c.global().quota());
        x.textChild("emulator_period", c.emulator().period());
        x.textChild("emulator_quota", c.emulator().quota());
        x.textChild("iothread_period", c.iothread().period());
        x.textChild("iothread_quota", c.iothread().quota());
        for (CpuTuneDef.VcpuPin p : c.vcpupins()) {
            x.child(XmlOut.element("vcpupin").attr("vcpu", p.vcpu()).attr("cpuset", p.cpuset()));
        }
        if (c.emulatorpin() != null) {
            x.child(XmlOut.element("emulatorpin").attr("cpuset", c.emulatorpin()));
        }
        for (CpuTuneDef.IothreadPin p : c.iothreadpins()) {
            x.child(XmlOut.element("iothreadpin").attr("iothread", p.iothread()).attr("cpuset", p.cpuset()));
        }
        if (c.emulatorsched() != null) {
            x.child(sched("emulatorsched", null, c.emulatorsched()));
        }
        for (CpuTuneDef.Sched s : c.vcpuscheds()) {
            x.child(sched("vcpusched", "vcpus", s));
        }
        for (CpuTuneDef.Sched s : c.iothreadscheds()) {
            x.child(sched("iothreadsched", "iothreads", s));
        }
        for (CpuTuneDef.CacheTune ct : c.cachetunes()) {
            XmlOut e = XmlOut.element("cachetune").attr("vcpus", ct.vcpus());
            for (CpuTuneDef.Cache k : ct.caches()) {
                e.child(XmlOut.element("cache").attr("id", k.id()).attr("level", k.level()).attr("type", k.type())
                        .attr("size", k.bytes()).attr("unit", "B"));
            }
            ct.monitors().forEach(m -> e.child(monitor(m)));
            x.child(e);
        }
        for (CpuTuneDef.MemoryTune mt : c.memorytunes()) {
            XmlOut e = XmlOut.element("memorytune").attr("vcpus", mt.vcpus());
            for (CpuTuneDef.MemoryNode n : mt.nodes()) {
                e.child(XmlOut.element("node").attr("id", n.id()).attr("bandwidth", n.bandwidth()));
            }
            mt.monitors().forEach(m -> e.child(monitor(m)));
            x.child(e);
        }
        return x;
    }

    private static XmlOut sched(String element, String attribute, CpuTuneDef.Sched s) {
        XmlOut x = XmlOut.element(element);
        if (attribute != null) {
            x.attr(attribute, s.ids());
        }
        return x.attr("scheduler", s.scheduler()).attr("priority", s.priority());
    }

    private static XmlOut monitor(CpuTuneDef.Monitor m) {
        return XmlOut.element("monitor").attr("level", m.level()).attr("vcpus", m.vcpus());
    }

    private static XmlOut numatune(NumaTuneDef n) {
        if (n == null) {
            return null;
        }
        XmlOut x = XmlOut.element("numatune");
        if (n.memory() != null) {
            x.child(XmlOut.element("memory").attr("mode", n.memory().mode()).attr("nodeset", n.memory().nodeset())
                    .attr("placement", n.memory().placement()));
        }
        for (NumaTuneDef.MemNode m : n.memnodes()) {
            x.child(XmlOut.element("memnode").attr("cellid", m.cellid()).attr("mode", m.mode())
                    .attr("nodeset", m.nodeset()));
        }
        return x;
    }
}
