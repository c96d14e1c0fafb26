package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code <cputune>} into a {@link CpuTuneDef}. */
final class CpuTuneParser {

    private CpuTuneParser() {
    }

    static CpuTuneDef cputune(XmlCursor c) {
        Long shares = TuningParser.number(c, "shares", false);
        CpuTuneDef.Bandwidth vcpu = new CpuTuneDef.Bandwidth(TuningParser.number(c, "period", false), TuningParser.number(c, "quota", true));
        CpuTuneDef.Bandwidth global = new CpuTuneDef.Bandwidth(TuningParser.number(c, "global_period", false),
                TuningParser.number(c, "global_quota", true));
        CpuTuneDef.Bandwidth emulator = new CpuTuneDef.Bandwidth(TuningParser.number(c, "emulator_period", false),
                TuningParser.number(c, "emulator_quota", true));
        CpuTuneDef.Bandwidth iothread = new CpuTuneDef.Bandwidth(TuningParser.number(c, "iothread_period", false),
                TuningParser.number(c, "iothread_quota", true));
        List<CpuTuneDef.VcpuPin> vcpupins = new ArrayList<>();
        for (XmlCursor p : c.children("vcpupin")) {
            p.requireAttr("vcpu");
            int id = p.intAttr("vcpu", VcpuDef.MAX_VCPUS);
            CpuSet set = TuningParser.cpuset(p, "cpuset", true);
            p.finish();
            vcpupins.add(new CpuTuneDef.VcpuPin(id, set));
        }
        CpuSet emulatorpin = null;
        XmlCursor ep = c.child("emulatorpin");
        if (ep != null) {
            emulatorpin = TuningParser.cpuset(ep, "cpuset", true);
            ep.finish();
        }
        List<CpuTuneDef.IothreadPin> iothreadpins = new ArrayList<>();
        for (XmlCursor p : c.children("iothreadpin")) {
            p.requireAttr("iothread");
            int id = p.intAttr("iothread", Integer.MAX_VALUE);
            if (id == 0) {
                throw p.error(Kind.INVALID_VALUE, "<iothreadpin> names I/O thread 0; I/O thread ids start at 1.");
            }
            CpuSet set = TuningParser.cpuset(p, "cpuset", true);
            p.finish();
            iothreadpins.add(new CpuTuneDef.IothreadPin(id, set));
        }
        List<CpuTuneDef.Sched> vcpuscheds = scheds(c, "vcpusched", "vcpus");
        List<CpuTuneDef.Sched> iothreadscheds = scheds(c, "iothreadsched", "iothreads");
        CpuTuneDef.Sched emulatorsched = null;
        XmlCursor es = c.child("emulatorsched");
        if (es != null) {
            emulatorsched = sched(es, null);
        }
        List<CpuTuneDef.CacheTune> cachetunes = new ArrayList<>();
        for (XmlCursor ct : c.children("cachetune")) {
            cachetunes.add(ct.read(CpuTuneParser::cachetune));
        }
        List<CpuTuneDef.MemoryTune> memorytunes = new ArrayList<>();
        for (XmlCursor mt : c.children("memorytune")) {
            memorytunes.add(mt.read(CpuTuneParser::memorytune));
        }
        c.finish();
        CpuSet fep = emulatorpin;
        CpuTuneDef.Sched fes = emulatorsched;
        return c.build(() -> new CpuTuneDef(shares, vcpu, global, emulator, iothread, vcpupins, fep, iothreadpins,
                fes, vcpuscheds, iothreadscheds, cachetunes.stream().filter(x -> x != null).toList(),
                memorytunes.stream().filter(x -> x != null).toList()));
    }

    private static List<CpuTuneDef.Sched> scheds(XmlCursor c, String element, String attr) {
        List<CpuTuneDef.Sched> out = new ArrayList<>();
        for (XmlCursor s : c.children(element)) {
            out.add(sched(s, TuningParser.cpuset(s, attr, true)));
        }
        return out;
    }

    private static CpuTuneDef.Sched sched(XmlCursor s, CpuSet ids) {
        CpuTuneDef.Scheduler scheduler = s.requireEnumAttr("scheduler", CpuTuneDef.Scheduler.class);
        String p = s.attr("priority");
        s.finish();
        Integer priority = null;
        if (p != null) {
            try {
                priority = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw s.invalid("priority", p, "expected a whole number");
            }
        }
        Integer fp = priority;
        return s.build(() -> new CpuTuneDef.Sched(ids, scheduler, fp));
    }

    private static CpuTuneDef.CacheTune cachetune(XmlCursor c) {
        CpuSet vcpus = TuningParser.cpuset(c, "vcpus", true);
        c.attr("id"); // the id of a running domain's allocation, not kept in a definition
        List<CpuTuneDef.Cache> caches = new ArrayList<>();
        for (XmlCursor x : c.children("cache")) {
            x.requireAttr("id");
            x.requireAttr("level");
            int id = x.intAttr("id", Integer.MAX_VALUE);
            int level = x.intAttr("level", 255);
            CpuTuneDef.CacheType type = x.requireEnumAttr("type", CpuTuneDef.CacheType.class);
            String size = x.requireAttr("size");
            String unit = x.attr("unit");
            x.finish();
            long bytes = x.build(() -> MemoryUnits.toBytes(size, unit == null ? "KiB" : unit));
            caches.add(new CpuTuneDef.Cache(id, level, type, bytes));
        }
        List<CpuTuneDef.Monitor> monitors = monitors(c, true);
        c.finish();
        return c.build(() -> new CpuTuneDef.CacheTune(vcpus, caches, monitors));
    }

    private static CpuTuneDef.MemoryTune memorytune(XmlCursor c) {
        CpuSet vcpus = TuningParser.cpuset(c, "vcpus", true);
        c.attr("id");
        List<CpuTuneDef.MemoryNode> nodes = new ArrayList<>();
        for (XmlCursor n : c.children("node")) {
            n.requireAttr("id");
            n.requireAttr("bandwidth");
            int id = n.intAttr("id", Integer.MAX_VALUE);
            int bandwidth = n.intAttr("bandwidth", Integer.MAX_VALUE);
            n.finish();
            nodes.add(new CpuTuneDef.MemoryNode(id, bandwidth));
        }
        List<CpuTuneDef.Monitor> monitors = monitors(c, false);
        c.finish();
        return c.build(() -> new CpuTuneDef.MemoryTune(vcpus, nodes, monitors));
    }

    private static List<CpuTuneDef.Monitor> monitors(XmlCursor c, boolean withLevel) {
        List<CpuTuneDef.Monitor> out = new ArrayList<>();
        for (XmlCursor m : c.children("monitor")) {
            Integer level = null;
            if (withLevel) {
                m.requireAttr("level");
                level = m.intAttr("level", 255);
            }
            CpuSet vcpus = TuningParser.cpuset(m, "vcpus", true);
            m.finish();
            Integer fl = level;
            out.add(m.build(() -> new CpuTuneDef.Monitor(fl, vcpus)));
        }
        return out;
    }
}
