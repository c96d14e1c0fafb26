package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads virt-install's tuning options into a {@link GuestSpec}: {@code --iothreads},
 * {@code --cputune}, {@code --numatune}, {@code --memtune}, {@code --blkiotune} and
 * {@code --memdev}. Repeated options of one kind add to one element, as in virt-install.
 *
 * @param g the guest being planned
 * @param p where problems go
 */
record TuningOptions(GuestSpec g, Problems p) {
    private static final int MAX_INDEX = 64;
    private static final Set<String> NUMA_MODES = Set.of("strict", "preferred", "interleave", "restrictive");
    private static final SubKey.Number IOTHREADS = SubKey.number(0, 1 << 16, "iothreads");
    private static final SubTable<XmlOut> CPUTUNE = numbers(Long.MIN_VALUE, Long.MAX_VALUE, "shares", "period",
            "quota", "global_period", "global_quota", "emulator_period", "emulator_quota", "iothread_period",
            "iothread_quota");
    private static final SubKey.Choice NUMA_MODE = SubKey.oneOf(NUMA_MODES, "memory.mode", "mode");
    private static final SubKey.Choice NUMA_PLACEMENT = SubKey.oneOf(Set.of("static", "auto"), "memory.placement");
    private static final SubTable<XmlOut> MEMTUNE = numbers(0, Long.MAX_VALUE, "hard_limit", "soft_limit",
            "swap_hard_limit", "min_guarantee");
    private static final SubTable<XmlOut> BLKIOTUNE = numbers(100, 1000, "weight");
    /** {@code --memdev} sizes are in MiB, libvirt's default unit is KiB. */
    private static final SubTable<XmlOut> MEMDEV_TARGET = SubTable.element()
            .add(SubKey.number(1, Integer.MAX_VALUE, "target.size"), (x, v) -> x.textChild("size", v * 1024))
            .add(SubKey.number(0, 1024, "target.node"), SubTable.textChild("node"))
            .add(SubKey.number(1, Integer.MAX_VALUE, "target.block"), (x, v) -> x.textChild("block", v * 1024))
            .add(SubKey.number(0, Integer.MAX_VALUE, "target.requested"),
                    (x, v) -> x.textChild("requested", v * 1024))
            .build();
    private static final SubTable<XmlOut> MEMDEV_SOURCE = SubTable.element()
            .add(SubKey.text("source.path"), SubTable.textChild("path"))
            .add(SubKey.yesNo("source.pmem"), (x, v) -> x.child(v ? XmlOut.element("pmem") : null))
            .build();
    private static final SubTable<XmlOut> MEMDEV = SubTable.element()
            .add(SubKey.text("access.mode"), SubTable.attr("access"))
            .add(SubKey.text("discard"), SubTable.attr("discard"))
            .build();

    /** Adds a domain-level element unless it is null or empty. */
    private void put(XmlOut element) {
        if (element != null && !element.isEmpty()) {
            g.tuning.add(element);
        }
    }

    /**
     * Reads the values of an option that may be given more than once as one value, as virt-install
     * does, and adds the element {@code reader} makes of them.
     */
    private void joined(String option, List<String> texts, Function<SubOptions, XmlOut> reader) {
        if (!texts.isEmpty()) {
            SubTable.read(option, String.join(",", texts), p, o -> put(reader.apply(o)));
        }
    }

    /** Rows of whole numbers within {@code [min, max]}, each written as the text child of its name. */
    private static SubTable<XmlOut> numbers(long min, long max, String... keys) {
        SubTable.Builder<XmlOut> t = SubTable.element();
        for (String k : keys) {
            t.add(SubKey.number(min, max, k), SubTable.textChild(k));
        }
        return t.build();
    }

    /** {@code --iothreads N} or {@code iothreads=N,iothreadids.iothreadM.id=ID}. */
    void iothreads(List<String> texts) {
        joined("--iothreads", texts, this::iothreads);
    }

    private XmlOut iothreads(SubOptions o) {
        String bare = o.bare();
        Long n = IOTHREADS.read(o, p);
        if (n == null && bare != null) {
            try {
                n = Long.parseLong(bare);
            } catch (NumberFormatException e) {
                p.bad("--iothreads '" + bare + "' is not a number of I/O threads.");
            }
        }
        put(n == null ? null : XmlOut.element("iothreads").text(Long.toString(n)));
        XmlOut ids = XmlOut.element("iothreadids");
        SubTable.numbered(o, p, MAX_INDEX, "iothread", i -> SubTable.element()
                .add(SubKey.number(1, Integer.MAX_VALUE, "iothreadids.iothread" + i + ".id"), SubTable.attr("id"))
                .build()).forEach(ids::child);
        return ids;
    }

    /**
     * {@code --cputune shares=,period=,quota=,global_period=,global_quota=,emulator_period=,
     * emulator_quota=,iothread_period=,iothread_quota=,vcpupinN.vcpu=,vcpupinN.cpuset=,
     * emulatorpin.cpuset=,iothreadpinN.iothread=,iothreadpinN.cpuset=}.
     */
    void cputune(List<String> texts) {
        joined("--cputune", texts, this::cputune);
    }

    private XmlOut cputune(SubOptions o) {
        XmlOut c = XmlOut.element("cputune");
        SubTable.numbered(o, p, MAX_INDEX, "vcpupin", i -> SubTable.element()
                .add(SubKey.text("vcpupin" + i + ".vcpu"), SubTable.attr("vcpu"))
                .add(SubKey.text("vcpupin" + i + ".cpuset"), SubTable.attr("cpuset"))
                .build()).forEach(c::child);
        String emulatorpin = o.get("emulatorpin.cpuset");
        c.child(emulatorpin == null ? null : XmlOut.element("emulatorpin").attr("cpuset", emulatorpin));
        SubTable.numbered(o, p, MAX_INDEX, "iothreadpin", i -> SubTable.element()
                .add(SubKey.text("iothreadpin" + i + ".iothread"), SubTable.attr("iothread"))
                .add(SubKey.text("iothreadpin" + i + ".cpuset"), SubTable.attr("cpuset"))
                .build()).forEach(c::child);
        return CPUTUNE.fill(o, p, c);
    }

    /**
     * {@code --numatune NODESET,mode=} or {@code memory.nodeset=,memory.mode=,memory.placement=,
     * memnodeN.cellid=,memnodeN.mode=,memnodeN.nodeset=}.
     */
    void numatune(List<String> texts) {
        joined("--numatune", texts, this::numatune);
    }

    private XmlOut numatune(SubOptions o) {
        String nodeset = o.main(null, "memory.nodeset", "nodeset");
        String mode = NUMA_MODE.read(o, p);
        String placement = NUMA_PLACEMENT.read(o, p);
        XmlOut n = XmlOut.element("numatune");
        if (nodeset != null || mode != null || placement != null) {
            n.child(XmlOut.element("memory").attr("mode", mode).attr("nodeset", nodeset).attr("placement", placement));
        }
        SubTable.numbered(o, p, MAX_INDEX, "memnode", i -> SubTable.element()
                .add(SubKey.text("memnode" + i + ".cellid"), SubTable.attr("cellid"))
                .add(SubKey.oneOf(NUMA_MODES, "memnode" + i + ".mode"), SubTable.attr("mode"))
                .add(SubKey.text("memnode" + i + ".nodeset"), SubTable.attr("nodeset"))
                .build()).forEach(n::child);
        return n;
    }

    /** {@code --memtune hard_limit=,soft_limit=,swap_hard_limit=,min_guarantee=} (KiB). */
    void memtune(List<String> texts) {
        joined("--memtune", texts, o -> MEMTUNE.fill(o, p, XmlOut.element("memtune")));
    }

    /** {@code --blkiotune weight=,deviceN.path=,deviceN.weight=}. */
    void blkiotune(List<String> texts) {
        joined("--blkiotune", texts, o -> {
            XmlOut b = BLKIOTUNE.fill(o, p, XmlOut.element("blkiotune"));
            SubTable.numbered(o, p, MAX_INDEX, "device", i -> SubTable.element()
                    .add(SubKey.text("device" + i + ".path"), SubTable.textChild("path"))
                    .add(SubKey.number(0, 1000, "device" + i + ".weight"), SubTable.textChild("weight"))
                    .build()).forEach(b::child);
            return b;
        });
    }

    /**
     * {@code --memdev dimm|nvdimm|virtio-mem|virtio-pmem,target.size=MiB,target.node=,
     * target.block=MiB,target.requested=MiB,source.path=,source.pmem=,access.mode=,discard=}.
     */
    void memdev(String text) {
        SubTable.read("--memdev", text, p, o -> {
            String model = o.required(p, Set.of("dimm", "nvdimm", "virtio-mem", "virtio-pmem")::contains,
                    "--memdev needs a model: dimm, nvdimm, virtio-mem or virtio-pmem.", "model");
            XmlOut target = MEMDEV_TARGET.fill(o, p, XmlOut.element("target"));
            XmlOut source = MEMDEV_SOURCE.fill(o, p, XmlOut.element("source"));
            XmlOut x = MEMDEV.fill(o, p, XmlOut.element("memory").attr("model", model));
            x.child(source.isEmpty() ? null : source).child(target);
            g.add("memory", x);
        });
    }
}
