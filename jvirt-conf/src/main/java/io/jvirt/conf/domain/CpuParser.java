package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code <cpu>} into a {@link CpuDef}, its {@code <numa>} into a {@link NumaDef}. */
final class CpuParser {

    private CpuParser() {
    }

    static CpuDef cpu(XmlCursor c) {
        CpuDef.Mode mode = c.enumAttr("mode", CpuDef.Mode.class);
        CpuDef.Match match = c.enumAttr("match", CpuDef.Match.class);
        CpuDef.Check check = c.enumAttr("check", CpuDef.Check.class);
        Boolean migratable = c.onOffAttr("migratable");
        CpuDef.Model model = null;
        XmlCursor m = c.child("model");
        if (m != null) {
            CpuDef.Fallback fallback = m.enumAttr("fallback", CpuDef.Fallback.class);
            String vendorId = m.attr("vendor_id");
            String name = m.text();
            m.finish();
            model = m.build(() -> new CpuDef.Model(name, fallback, vendorId));
        }
        String vendor = c.childText("vendor");
        CpuDef.Topology topology = null;
        XmlCursor t = c.child("topology");
        if (t != null) {
            int sockets = requireCount(t, "sockets");
            Integer dies = t.intAttr("dies", VcpuDef.MAX_VCPUS);
            int cores = requireCount(t, "cores");
            int threads = requireCount(t, "threads");
            t.finish();
            topology = t.build(() -> new CpuDef.Topology(sockets, dies == null ? 1 : dies, cores, threads));
        }
        CpuDef.Cache cache = null;
        XmlCursor ca = c.child("cache");
        if (ca != null) {
            CpuDef.CacheMode cacheMode = ca.requireEnumAttr("mode", CpuDef.CacheMode.class);
            Integer level = ca.intAttr("level", 255);
            ca.finish();
            cache = ca.build(() -> new CpuDef.Cache(cacheMode, level));
        }
        CpuDef.MaxPhysAddr addr = null;
        XmlCursor pa = c.child("maxphysaddr");
        if (pa != null) {
            CpuDef.PhysAddrMode paMode = pa.requireEnumAttr("mode", CpuDef.PhysAddrMode.class);
            Integer bits = pa.intAttr("bits", 255);
            pa.finish();
            addr = pa.build(() -> new CpuDef.MaxPhysAddr(paMode, bits));
        }
        List<CpuDef.Feature> features = new ArrayList<>();
        for (XmlCursor f : c.children("feature")) {
            CpuDef.Policy policy = f.enumAttr("policy", CpuDef.Policy.class);
            String name = f.requireAttr("name");
            f.finish();
            features.add(f.build(() -> new CpuDef.Feature(policy == null ? CpuDef.Policy.REQUIRE : policy, name)));
        }
        XmlCursor n = c.child("numa");
        NumaDef numa = n == null ? null : numa(n);
        c.finish();
        CpuDef.Mode effectiveMode = mode == null ? CpuDef.Mode.CUSTOM : mode;
        CpuDef.Model fm = model;
        CpuDef.Topology ft = topology;
        CpuDef.Cache fc = cache;
        CpuDef.MaxPhysAddr fa = addr;
        return c.build(() -> new CpuDef(effectiveMode, match, check, migratable, fm, vendor, ft, fc, fa, features,
                numa));
    }

    private static int requireCount(XmlCursor c, String attr) {
        c.requireAttr(attr);
        return c.intAttr(attr, VcpuDef.MAX_VCPUS);
    }

    private static NumaDef numa(XmlCursor n) {
        List<XmlCursor> cellEls = n.children("cell");
        NumaDef.Cell[] cells = new NumaDef.Cell[cellEls.size()];
        for (int i = 0; i < cellEls.size(); i++) {
            XmlCursor c = cellEls.get(i);
            Integer id = c.intAttr("id", 65535);
            int cellId = id == null ? i : id;
            if (cellId >= cells.length) {
                throw c.error(Kind.INVALID_VALUE, "The NUMA cell ids must be 0 to " + (cells.length - 1)
                        + ", each once; cell " + cellId + " is out of range.");
            }
            if (cells[cellId] != null) {
                throw c.error(Kind.DUPLICATE, "NUMA cell " + cellId + " is defined twice.");
            }
            cells[cellId] = cell(c, cellId);
        }
        List<NumaDef.Interconnect> interconnects = new ArrayList<>();
        XmlCursor ic = n.child("interconnects");
        if (ic != null) {
            // latencies and bandwidths in document order, as libvirt keeps them
            List<XmlCursor> entries = new ArrayList<>(ic.children("latency"));
            entries.addAll(ic.children("bandwidth"));
            entries.sort((a, b) -> Integer.compare(a.line(), b.line()));
            for (XmlCursor e : entries) {
                interconnects.add(interconnect(e, e.name().equals("latency") ? NumaDef.InterconnectKind.LATENCY
                        : NumaDef.InterconnectKind.BANDWIDTH));
            }
            ic.finish();
        }
        n.finish();
        return n.build(() -> new NumaDef(List.of(cells), interconnects));
    }

    private static NumaDef.Cell cell(XmlCursor c, int id) {
        CpuSet cpus = null;
        String cpuText = c.attr("cpus");
        if (cpuText != null && !cpuText.isBlank()) {
            cpus = TuningParser.cpuset(c, "cpus", false);
        }
        String memory = c.requireAttr("memory");
        String unit = c.attr("unit");
        MemoryBackingDef.Access access = c.enumAttr("memAccess", MemoryBackingDef.Access.class);
        Boolean discard = c.yesNoAttr("discard");
        List<NumaDef.Sibling> siblings = new ArrayList<>();
        XmlCursor ds = c.child("distances");
        if (ds != null) {
            for (XmlCursor s : ds.children("sibling")) {
                s.requireAttr("id");
                s.requireAttr("value");
                int sid = s.intAttr("id", 65535);
                int value = s.intAttr("value", Integer.MAX_VALUE);
                s.finish();
                siblings.add(new NumaDef.Sibling(sid, value));
            }
            ds.finish();
            if (siblings.isEmpty()) {
                throw ds.error(Kind.MISSING_VALUE, "<distances> needs at least one <sibling>.");
            }
        }
        List<NumaDef.CellCache> caches = new ArrayList<>();
        for (XmlCursor k : c.children("cache")) {
            caches.add(cellCache(k));
        }
        c.finish();
        long kib = c.build(() -> MemoryUnits.toKiB(memory, unit));
        CpuSet fc = cpus;
        return c.build(() -> new NumaDef.Cell(id, fc, kib, access, discard, siblings, caches));
    }

    private static NumaDef.CellCache cellCache(XmlCursor k) {
        k.requireAttr("level");
        int level = k.intAttr("level", 255);
        NumaDef.Associativity assoc = k.requireEnumAttr("associativity", NumaDef.Associativity.class);
        NumaDef.CachePolicy policy = k.requireEnumAttr("policy", NumaDef.CachePolicy.class);
        XmlCursor size = k.requireChild("size");
        String sv = size.requireAttr("value");
        String su = size.attr("unit");
        size.finish();
        long line = 0;
        XmlCursor l = k.child("line");
        if (l != null) {
            String lv = l.requireAttr("value");
            String lu = l.attr("unit");
            l.finish();
            line = l.build(() -> MemoryUnits.toBytes(lv, lu == null ? "b" : lu));
        }
        k.finish();
        long kib = size.build(() -> MemoryUnits.toKiB(sv, su));
        long fl = line;
        return k.build(() -> new NumaDef.CellCache(level, assoc, policy, kib, fl));
    }

    private static NumaDef.Interconnect interconnect(XmlCursor l, NumaDef.InterconnectKind kind) {
        l.requireAttr("initiator");
        l.requireAttr("target");
        int initiator = l.intAttr("initiator", 65535);
        int target = l.intAttr("target", 65535);
        Integer cache = l.intAttr("cache", 255);
        NumaDef.AccessType type = l.requireEnumAttr("type", NumaDef.AccessType.class);
        String value = l.requireAttr("value");
        String unit = kind == NumaDef.InterconnectKind.BANDWIDTH ? l.attr("unit") : null;
        l.finish();
        long v = switch (kind) {
            case LATENCY -> l.longAttr("value", Long.MAX_VALUE);
            case BANDWIDTH -> l.build(() -> MemoryUnits.toKiB(value, unit));
        };
        Integer level = cache == null || cache == 0 ? null : cache;
        return l.build(() -> new NumaDef.Interconnect(kind, initiator, target, level, type, v));
    }
}
