package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.Problems;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the placement and tuning sections of a {@code <domain>} into a {@link TuningDef}, and
 * {@code <vcpu>}, {@code <vcpus>} and {@code <maxMemory>}; {@code <cputune>} is
 * {@link CpuTuneParser}'s, {@code <cpu>} {@link CpuParser}'s.
 * Each section is read on its own, so that a problem in one does not hide the others.
 */
final class TuningParser {

    private TuningParser() {
    }

    static TuningDef tuning(XmlCursor d) {
        Problems p = d.problems();
        BlkioTuneDef blkio = section(d, "blkiotune", TuningParser::blkiotune);
        MemTuneDef memtune = section(d, "memtune", TuningParser::memtune);
        MemoryBackingDef backing = section(d, "memoryBacking", TuningParser::memoryBacking);
        IoThreadsDef iothreads = p.attempt(() -> iothreads(d));
        CpuTuneDef cputune = section(d, "cputune", CpuTuneParser::cputune);
        NumaTuneDef numatune = section(d, "numatune", TuningParser::numatune);
        TuningDef.Resource resource = section(d, "resource", TuningParser::resource);
        TuningDef.Perf perf = section(d, "perf", TuningParser::perf);
        return new TuningDef(blkio, memtune, backing, iothreads, cputune, numatune, resource, perf);
    }

    private static <T> T section(XmlCursor d, String name, Function<XmlCursor, T> reader) {
        XmlCursor c = d.problems().attempt(() -> d.child(name));
        return c == null ? null : c.read(reader);
    }

    /** Reads {@code <vcpu>} and {@code <vcpus>}; one vCPU without {@code <vcpu>}, as libvirt gives. */
    static VcpuDef vcpu(XmlCursor d) {
        XmlCursor c = d.child("vcpu");
        XmlCursor list = d.child("vcpus");
        Integer current = null;
        VcpuDef.Placement placement = null;
        CpuSet cpuset = null;
        long max = 1;
        if (c != null) {
            current = c.intAttr("current", VcpuDef.MAX_VCPUS);
            placement = c.enumAttr("placement", VcpuDef.Placement.class);
            cpuset = cpuset(c, "cpuset", false);
            max = c.longText(VcpuDef.MAX_VCPUS);
            c.finish();
        }
        List<VcpuDef.Vcpu> vcpus = new ArrayList<>();
        if (list != null) {
            for (XmlCursor v : list.children("vcpu")) {
                v.requireAttr("id");
                int id = v.intAttr("id", VcpuDef.MAX_VCPUS);
                v.requireAttr("enabled");
                boolean enabled = v.yesNoAttr("enabled");
                Boolean hotpluggable = v.yesNoAttr("hotpluggable");
                Integer order = v.intAttr("order", VcpuDef.MAX_VCPUS);
                v.finish();
                vcpus.add(new VcpuDef.Vcpu(id, enabled, hotpluggable == null ? !enabled : hotpluggable,
                        order == null || order == 0 ? null : order));
            }
            list.finish();
            vcpus.sort((a, b) -> Integer.compare(a.id(), b.id()));
        }
        XmlCursor at = c != null ? c : list != null ? list : d;
        int fmax = (int) max;
        Integer fcurrent = current;
        VcpuDef.Placement fplacement = placement;
        CpuSet fcpuset = cpuset;
        return at.build(() -> new VcpuDef(fmax, fcurrent, fplacement, fcpuset, vcpus));
    }

    static MaxMemoryDef maxMemory(XmlCursor c) {
        String unit = c.attr("unit");
        c.requireAttr("slots");
        int slots = c.intAttr("slots", 65535);
        String text = c.requireText();
        c.finish();
        return c.build(() -> new MaxMemoryDef(slots, MemoryUnits.toKiB(text, unit)));
    }

    /** A required or optional bitmap attribute. */
    static CpuSet cpuset(XmlCursor c, String attr, boolean required) {
        String v = required ? c.requireAttr(attr) : c.attr(attr);
        return v == null ? null : c.build(() -> CpuSet.parse(v, "The '" + attr + "' of <" + c.name() + ">"));
    }

    /** The size of an element with a unit attribute and a number as text, in KiB. */
    static Long kib(XmlCursor parent, String name) {
        XmlCursor e = parent.child(name);
        if (e == null) {
            return null;
        }
        String unit = e.attr("unit");
        String text = e.requireText();
        e.finish();
        return e.build(() -> MemoryUnits.toKiB(text, unit));
    }

    /** A number as the text of a child, or null without the child; negative only when {@code signed}. */
    static Long number(XmlCursor parent, String name, boolean signed) {
        XmlCursor e = parent.child(name);
        if (e == null) {
            return null;
        }
        String text = e.requireText();
        e.finish();
        try {
            long v = Long.parseLong(text);
            if (v < 0 && !signed) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException ex) {
            throw e.error(Kind.INVALID_VALUE, "<" + name + "> has the invalid value '" + text + "'; expected "
                    + (signed ? "a whole number" : "a whole number from 0") + ".");
        }
    }

    private static BlkioTuneDef blkiotune(XmlCursor c) {
        Long weight = number(c, "weight", false);
        List<BlkioTuneDef.Device> devices = new ArrayList<>();
        for (XmlCursor dev : c.children("device")) {
            String path = dev.childText("path");
            Long w = number(dev, "weight", false);
            Long riops = number(dev, "read_iops_sec", false);
            Long wiops = number(dev, "write_iops_sec", false);
            Long rbps = number(dev, "read_bytes_sec", false);
            Long wbps = number(dev, "write_bytes_sec", false);
            dev.finish();
            if (path == null) {
                throw dev.error(Kind.MISSING_VALUE, "<device> in <blkiotune> needs a <path>.");
            }
            devices.add(dev.build(() -> new BlkioTuneDef.Device(path, w == null ? null : w.intValue(), riops, wiops,
                    rbps, wbps)));
        }
        c.finish();
        return c.build(() -> new BlkioTuneDef(weight == null ? null : (int) Math.min(weight, Integer.MAX_VALUE),
                devices));
    }

    private static MemTuneDef memtune(XmlCursor c) {
        Long hard = kib(c, "hard_limit");
        Long soft = kib(c, "soft_limit");
        Long swap = kib(c, "swap_hard_limit");
        Long min = kib(c, "min_guarantee");
        c.finish();
        return new MemTuneDef(hard, soft, swap, min);
    }

    private static MemoryBackingDef memoryBacking(XmlCursor c) {
        List<MemoryBackingDef.Page> pages = null;
        XmlCursor hp = c.child("hugepages");
        if (hp != null) {
            pages = new ArrayList<>();
            for (XmlCursor page : hp.children("page")) {
                String unit = page.attr("unit");
                String size = page.requireAttr("size");
                CpuSet nodeset = cpuset(page, "nodeset", false);
                page.finish();
                long kib = page.build(() -> MemoryUnits.toKiB(size, unit));
                if (kib == 0) {
                    throw page.error(Kind.INVALID_VALUE, "A huge page size cannot be zero.");
                }
                pages.add(page.build(() -> new MemoryBackingDef.Page(kib, nodeset)));
            }
            hp.finish();
            if (pages.isEmpty()) {
                pages.add(new MemoryBackingDef.Page(0, null));
            }
        }
        boolean nosharepages = c.flag("nosharepages");
        boolean locked = c.flag("locked");
        MemoryBackingDef.Source source = null;
        XmlCursor s = c.child("source");
        if (s != null) {
            source = s.requireEnumAttr("type", MemoryBackingDef.Source.class);
            s.finish();
        }
        MemoryBackingDef.Access access = null;
        XmlCursor a = c.child("access");
        if (a != null) {
            access = a.requireEnumAttr("mode", MemoryBackingDef.Access.class);
            a.finish();
        }
        MemoryBackingDef.Allocation allocation = null;
        Integer threads = null;
        XmlCursor al = c.child("allocation");
        if (al != null) {
            allocation = al.enumAttr("mode", MemoryBackingDef.Allocation.class);
            threads = al.intAttr("threads", 65535);
            al.finish();
        }
        boolean discard = c.flag("discard");
        c.finish();
        List<MemoryBackingDef.Page> fp = pages;
        MemoryBackingDef.Source fs = source;
        MemoryBackingDef.Access fa = access;
        MemoryBackingDef.Allocation fal = allocation;
        Integer ft = threads == null || threads == 0 ? null : threads;
        return c.build(() -> new MemoryBackingDef(fp, nosharepages, locked, fs, fa, fal, ft, discard));
    }

    private static IoThreadsDef iothreads(XmlCursor d) {
        XmlCursor count = d.child("iothreads");
        Integer n = null;
        if (count != null) {
            n = (int) count.longText(65535);
            count.finish();
        }
        List<IoThreadsDef.IoThread> listed = null;
        XmlCursor ids = d.child("iothreadids");
        if (ids != null) {
            listed = new ArrayList<>();
            for (XmlCursor t : ids.children("iothread")) {
                t.requireAttr("id");
                int id = t.intAttr("id", Integer.MAX_VALUE);
                Integer min = t.intAttr("thread_pool_min", Integer.MAX_VALUE);
                Integer max = t.intAttr("thread_pool_max", Integer.MAX_VALUE);
                t.finish();
                listed.add(t.build(() -> new IoThreadsDef.IoThread(id, min, max)));
            }
            ids.finish();
        }
        IoThreadsDef.Pool pool = null;
        XmlCursor def = d.child("defaultiothread");
        if (def != null) {
            Integer min = def.intAttr("thread_pool_min", Integer.MAX_VALUE);
            Integer max = def.intAttr("thread_pool_max", Integer.MAX_VALUE);
            def.finish();
            pool = min == null && max == null ? null : def.build(() -> new IoThreadsDef.Pool(min, max));
        }
        Integer fn = n;
        List<IoThreadsDef.IoThread> fl = listed;
        IoThreadsDef.Pool fp = pool;
        XmlCursor at = count != null ? count : ids != null ? ids : d;
        return at.build(() -> IoThreadsDef.of(fn, fl, fp));
    }

    private static NumaTuneDef numatune(XmlCursor c) {
        NumaTuneDef.Memory memory = null;
        XmlCursor m = c.child("memory");
        if (m != null) {
            NumaTuneDef.Mode mode = m.enumAttr("mode", NumaTuneDef.Mode.class);
            NumaTuneDef.Placement placement = m.enumAttr("placement", NumaTuneDef.Placement.class);
            CpuSet nodeset = cpuset(m, "nodeset", false);
            m.finish();
            memory = m.build(() -> new NumaTuneDef.Memory(mode, nodeset, placement));
        }
        List<NumaTuneDef.MemNode> memnodes = new ArrayList<>();
        for (XmlCursor n : c.children("memnode")) {
            n.requireAttr("cellid");
            int cell = n.intAttr("cellid", 65535);
            NumaTuneDef.Mode mode = n.enumAttr("mode", NumaTuneDef.Mode.class);
            String nodeset = n.attr("nodeset");
            if (nodeset == null) {
                throw n.error(Kind.MISSING_VALUE, "<memnode> needs a 'nodeset'.");
            }
            CpuSet set = cpuset(n, "nodeset", true);
            n.finish();
            memnodes.add(new NumaTuneDef.MemNode(cell, mode, set));
        }
        c.finish();
        NumaTuneDef.Memory fm = memory;
        return c.build(() -> new NumaTuneDef(fm, memnodes));
    }

    private static TuningDef.Resource resource(XmlCursor c) {
        String partition = c.childText("partition");
        c.finish();
        if (partition == null) {
            throw c.error(Kind.MISSING_VALUE, "<resource> needs a <partition>.");
        }
        return c.build(() -> new TuningDef.Resource(partition));
    }

    private static TuningDef.Perf perf(XmlCursor c) {
        List<TuningDef.Event> events = new ArrayList<>();
        for (XmlCursor e : c.children("event")) {
            String name = e.requireAttr("name");
            e.requireAttr("enabled");
            boolean enabled = e.yesNoAttr("enabled");
            e.finish();
            events.add(e.build(() -> new TuningDef.Event(name, enabled)));
        }
        c.finish();
        return new TuningDef.Perf(events);
    }
}
