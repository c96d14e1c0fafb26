package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Set;

/**
 * Reads virt-install's tuning options into a {@link GuestSpec}: {@code --iothreads},
 * {@code --cputune}, {@code --numatune}, {@code --memtune}, {@code --blkiotune} and
 * {@code --memdev}. Repeated options of one kind add to one element, as in virt-install.
 */
final class TuningOptions {
    private static final int MAX_INDEX = 64;

    private final GuestSpec g;
    private final Problems p;

    TuningOptions(GuestSpec g, Problems p) {
        this.g = g;
        this.p = p;
    }

    /** Adds a domain-level element unless it is null. */
    private void put(XmlOut element) {
        if (element != null) {
            g.tuning.add(element);
        }
    }

    private static SubOptions joined(String option, List<String> texts) {
        return SubOptions.parse(option, String.join(",", texts));
    }

    /** {@code --iothreads N} or {@code iothreads=N,iothreadids.iothreadM.id=ID}. */
    void iothreads(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = joined("--iothreads", texts);
        String bare = o.bare();
        Long n = o.number(p, 0, 1 << 16, "iothreads");
        if (n == null && bare != null) {
            try {
                n = Long.parseLong(bare);
            } catch (NumberFormatException e) {
                p.bad("--iothreads '" + bare + "' is not a number of I/O threads.");
            }
        }
        put(n == null ? null : XmlOut.element("iothreads").text(Long.toString(n)));
        XmlOut ids = XmlOut.element("iothreadids");
        for (int i = 0; i < MAX_INDEX; i++) {
            Long id = o.number(p, 1, Integer.MAX_VALUE, "iothreadids.iothread" + i + ".id");
            ids.child(id == null ? null : XmlOut.element("iothread").attr("id", id));
        }
        put(ids.isEmpty() ? null : ids);
        o.reportUnused(p);
    }

    /**
     * {@code --cputune shares=,period=,quota=,global_period=,global_quota=,emulator_period=,
     * emulator_quota=,iothread_period=,iothread_quota=,vcpupinN.vcpu=,vcpupinN.cpuset=,
     * emulatorpin.cpuset=,iothreadpinN.iothread=,iothreadpinN.cpuset=}.
     */
    void cputune(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = joined("--cputune", texts);
        XmlOut c = XmlOut.element("cputune");
        for (int i = 0; i < MAX_INDEX; i++) {
            String vcpu = o.get("vcpupin" + i + ".vcpu");
            String set = o.get("vcpupin" + i + ".cpuset");
            if (vcpu != null || set != null) {
                c.child(XmlOut.element("vcpupin").attr("vcpu", vcpu).attr("cpuset", set));
            }
        }
        String emulatorpin = o.get("emulatorpin.cpuset");
        c.child(emulatorpin == null ? null : XmlOut.element("emulatorpin").attr("cpuset", emulatorpin));
        for (int i = 0; i < MAX_INDEX; i++) {
            String thread = o.get("iothreadpin" + i + ".iothread");
            String set = o.get("iothreadpin" + i + ".cpuset");
            if (thread != null || set != null) {
                c.child(XmlOut.element("iothreadpin").attr("iothread", thread).attr("cpuset", set));
            }
        }
        for (String k : List.of("shares", "period", "quota", "global_period", "global_quota", "emulator_period",
                "emulator_quota", "iothread_period", "iothread_quota")) {
            Long v = o.number(p, Long.MIN_VALUE, Long.MAX_VALUE, k);
            c.textChild(k, v);
        }
        o.reportUnused(p);
        put(c.isEmpty() ? null : c);
    }

    /**
     * {@code --numatune NODESET,mode=} or {@code memory.nodeset=,memory.mode=,memory.placement=,
     * memnodeN.cellid=,memnodeN.mode=,memnodeN.nodeset=}.
     */
    void numatune(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = joined("--numatune", texts);
        Set<String> modes = Set.of("strict", "preferred", "interleave", "restrictive");
        String nodeset = o.get("memory.nodeset", "nodeset");
        String bare = o.bare();
        nodeset = nodeset != null ? nodeset : bare;
        String mode = o.oneOf(p, modes, "memory.mode", "mode");
        String placement = o.oneOf(p, Set.of("static", "auto"), "memory.placement");
        XmlOut n = XmlOut.element("numatune");
        if (nodeset != null || mode != null || placement != null) {
            n.child(XmlOut.element("memory").attr("mode", mode).attr("nodeset", nodeset).attr("placement", placement));
        }
        for (int i = 0; i < MAX_INDEX; i++) {
            String k = "memnode" + i + ".";
            String cell = o.get(k + "cellid");
            String m = o.oneOf(p, modes, k + "mode");
            String set = o.get(k + "nodeset");
            if (cell != null || m != null || set != null) {
                n.child(XmlOut.element("memnode").attr("cellid", cell).attr("mode", m).attr("nodeset", set));
            }
        }
        o.reportUnused(p);
        put(n.isEmpty() ? null : n);
    }

    /** {@code --memtune hard_limit=,soft_limit=,swap_hard_limit=,min_guarantee=} (KiB). */
    void memtune(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = joined("--memtune", texts);
        XmlOut m = XmlOut.element("memtune");
        for (String k : List.of("hard_limit", "soft_limit", "swap_hard_limit", "min_guarantee")) {
            m.textChild(k, o.number(p, 0, Long.MAX_VALUE, k));
        }
        o.reportUnused(p);
        put(m.isEmpty() ? null : m);
    }

    /** {@code --blkiotune weight=,deviceN.path=,deviceN.weight=}. */
    void blkiotune(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = joined("--blkiotune", texts);
        XmlOut b = XmlOut.element("blkiotune");
        b.textChild("weight", o.number(p, 100, 1000, "weight"));
        for (int i = 0; i < MAX_INDEX; i++) {
            String path = o.get("device" + i + ".path");
            Long weight = o.number(p, 0, 1000, "device" + i + ".weight");
            if (path != null || weight != null) {
                b.child(XmlOut.element("device").textChild("path", path).textChild("weight", weight));
            }
        }
        o.reportUnused(p);
        put(b.isEmpty() ? null : b);
    }

    /**
     * {@code --memdev dimm|nvdimm|virtio-mem|virtio-pmem,target.size=MiB,target.node=,
     * target.block=MiB,target.requested=MiB,source.path=,source.pmem=,access.mode=,discard=}.
     */
    void memdev(String text) {
        SubOptions o = SubOptions.parse("--memdev", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare;
        if (model == null || !Set.of("dimm", "nvdimm", "virtio-mem", "virtio-pmem").contains(model)) {
            p.bad("--memdev needs a model: dimm, nvdimm, virtio-mem or virtio-pmem.");
        }
        Long size = o.number(p, 1, Integer.MAX_VALUE, "target.size");
        Long node = o.number(p, 0, 1024, "target.node");
        Long block = o.number(p, 1, Integer.MAX_VALUE, "target.block");
        Long requested = o.number(p, 0, Integer.MAX_VALUE, "target.requested");
        XmlOut target = XmlOut.element("target")
                .textChild("size", size == null ? null : size * 1024)
                .textChild("node", node)
                .textChild("block", block == null ? null : block * 1024)
                .textChild("requested", requested == null ? null : requested * 1024);
        XmlOut source = XmlOut.element("source").textChild("path", o.get("source.path"));
        Boolean pmem = o.bool(p, "source.pmem");
        source.child(Boolean.TRUE.equals(pmem) ? XmlOut.element("pmem") : null);
        XmlOut x = XmlOut.element("memory").attr("model", model).attr("access", o.get("access.mode"))
                .attr("discard", o.get("discard"));
        x.child(source.isEmpty() ? null : source).child(target);
        o.reportUnused(p);
        g.add("memory", x);
    }
}
