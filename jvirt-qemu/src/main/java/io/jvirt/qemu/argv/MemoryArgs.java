package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemoryBackingDef;
import io.jvirt.conf.domain.MemoryDeviceDef;
import io.jvirt.conf.domain.NumaDef;
import io.jvirt.conf.domain.NumaTuneDef;
import io.jvirt.conf.domain.VcpuDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders guest memory as libvirt 9.0 does for QEMU 7.2: {@code -m} (with {@code slots} and
 * {@code maxmem} for memory hotplug), one {@code memory-backend-*} object per guest NUMA cell
 * with {@code -numa node}, distances and HMAT, the default RAM backend ({@code pc.ram}) when
 * huge pages, a memory source, an access mode, discard, preallocation or a host node policy
 * need one, {@code -overcommit mem-lock=on} for {@code <locked/>}, and memory devices.
 *
 * <p>Sizes are aligned as libvirt aligns them: RAM and NUMA cells up to 1 MiB, memory modules to
 * 2 MiB. The backend of a region follows libvirt's {@code qemuBuildMemoryBackendProps}: huge
 * pages or a file (or an access mode) give {@code memory-backend-file}, {@code <source
 * type='memfd'/>} gives {@code memory-backend-memfd}, otherwise {@code memory-backend-ram};
 * huge pages and {@code <allocation mode='immediate'/>} preallocate (in a {@code thread-context}
 * on the bound host nodes); {@code <numatune>} gives {@code host-nodes} and {@code policy}
 * (none for mode {@code restrictive}, which only the cgroup's {@code cpuset.mems} would apply).
 */
final class MemoryArgs {

    /** libvirt's alignment of RAM and NUMA cells: 1 MiB. */
    static final long ALIGN_KIB = 1024;
    /** libvirt's alignment of memory modules on x86: 2 MiB. */
    static final long MODULE_ALIGN_KIB = 2048;
    /** The id of the default RAM of x86 machines. */
    static final String DEFAULT_RAM = "pc.ram";
    /** The host's base page size; a "huge page" of this size is no huge page. */
    static final long SYSTEM_PAGE_KIB = 4;
    /** A versioned x86 machine type. */
    private static final Pattern VERSIONED = Pattern.compile("pc-(?:i440fx|q35)-(\\d+)\\.(\\d+)");

    private MemoryArgs() {
    }

    /**
     * One guest memory region that a backend object provides.
     *
     * @param alias the backend's id
     * @param file the name of its file in the backing directory (the device's alias for a memory device)
     * @param sizeKiB its size
     * @param cell its guest NUMA cell, or -1
     * @param device its memory device, or null for RAM
     */
    private record Region(String alias, String file, long sizeKiB, int cell, MemoryDeviceDef device) {
    }

    static long roundUp(long kib, long align) {
        return (kib + align - 1) / align * align;
    }

    /** The memory at boot: the aligned cells, else the aligned memory less the memory devices. */
    static long initialKiB(DomainDef def) {
        NumaDef numa = def.numa();
        if (numa != null) {
            return numa.cells().stream().mapToLong(c -> roundUp(c.memoryKiB(), ALIGN_KIB)).sum();
        }
        long devices = def.devices().memories().stream().mapToLong(m -> m.target().sizeKiB()).sum();
        return roundUp(def.memoryKiB() - devices, ALIGN_KIB);
    }

    /** The memory properties of {@code -machine}, after {@code dump-guest-core}. */
    static void machineParams(Opts m, DomainDef def, LaunchContext ctx) {
        MemoryBackingDef mb = def.tuning().memoryBacking();
        if (mb != null && mb.nosharepages()) {
            m.add("mem-merge", "off");
        }
        if (def.devices().memories().stream().anyMatch(d -> d.model() == MemoryDeviceDef.Model.NVDIMM)) {
            m.add("nvdimm", "on");
        }
        if (defaultBackend(def, ctx) != null) {
            m.add("memory-backend", DEFAULT_RAM);
        }
        if (def.numa() != null && def.numa().hasHmat()) {
            m.add("hmat", "on");
        }
    }

    /** {@code -m}, the default RAM backend when one is needed, and {@code -overcommit}. */
    static void memory(List<String> argv, DomainDef def, LaunchContext ctx) {
        argv.add("-m");
        long initial = initialKiB(def);
        if (def.maxMemory() != null) {
            argv.add("size=" + initial + "k,slots=" + def.maxMemory().slots() + ",maxmem="
                    + roundUp(def.maxMemory().sizeKiB(), ALIGN_KIB) + "k");
        } else {
            argv.add("size=" + initial + "k");
        }
        Built ram = defaultBackend(def, ctx);
        if (ram != null) {
            addBackend(argv, ram);
        }
        MemoryBackingDef mb = def.tuning().memoryBacking();
        if (mb != null && mb.locked()) {
            argv.add("-overcommit");
            argv.add("mem-lock=on");
        }
    }

    /**
     * The backend of the default RAM of a guest without NUMA cells, or null when QEMU's own RAM
     * does what the definition asks (libvirt adds one always; jvirt only when it changes something).
     */
    private static Built defaultBackend(DomainDef def, LaunchContext ctx) {
        if (def.numa() != null) {
            return null;
        }
        Built b = backend(def, ctx, new Region(DEFAULT_RAM, DEFAULT_RAM, initialKiB(def), -1, null), true);
        return b.needed() || b.changesRam() ? b : null;
    }

    /** The NUMA cells: a backend and a {@code -numa node} per cell, then distances and HMAT. */
    static void numa(List<String> argv, DomainDef def, LaunchContext ctx) {
        NumaDef numa = def.numa();
        if (numa == null) {
            return;
        }
        List<CpuSet> cpus = cellCpus(numa, def.vcpu());
        int firstInitiator = -1;
        for (int i = 0; i < cpus.size(); i++) {
            if (cpus.get(i) != null) {
                firstInitiator = i;
                break;
            }
        }
        boolean hmat = numa.hasHmat();
        Built[] backends = new Built[numa.cells().size()];
        boolean needBackend = hmat || !numaMemSupported(def);
        for (NumaDef.Cell cell : numa.cells()) {
            String alias = "ram-node" + cell.id();
            backends[cell.id()] = backend(def, ctx, new Region(alias, alias, roundUp(cell.memoryKiB(), ALIGN_KIB),
                    cell.id(), null), false);
            needBackend |= backends[cell.id()].needed();
        }
        if (!needBackend) {
            legacyMemPath(argv, def, ctx);
        }
        for (NumaDef.Cell cell : numa.cells()) {
            String alias = "ram-node" + cell.id();
            if (needBackend) {
                addBackend(argv, backends[cell.id()]);
            }
            StringBuilder node = new StringBuilder("node,nodeid=" + cell.id());
            CpuSet set = cpus.get(cell.id());
            if (set != null) {
                for (int[] r : set.ranges()) {
                    node.append(",cpus=").append(r[0]).append(r[1] > r[0] ? "-" + r[1] : "");
                }
            }
            if (hmat) {
                node.append(",initiator=").append(set != null ? cell.id() : firstInitiator);
            }
            if (needBackend) {
                node.append(",memdev=").append(alias);
            } else {
                node.append(",mem=").append(roundUp(cell.memoryKiB(), ALIGN_KIB) / 1024);
            }
            argv.add("-numa");
            argv.add(node.toString());
        }
        if (numa.hasDistances()) {
            for (int i = 0; i < numa.cells().size(); i++) {
                for (int j = 0; j < numa.cells().size(); j++) {
                    argv.add("-numa");
                    argv.add("dist,src=" + i + ",dst=" + j + ",val=" + numa.distance(i, j));
                }
            }
        }
        if (hmat) {
            hmat(argv, numa);
        }
    }

    /**
     * Whether the machine type still takes {@code -numa node,mem=} (versioned types before 5.1;
     * QEMU's current types need a memory backend per cell).
     */
    static boolean numaMemSupported(DomainDef def) {
        String machine = def.os().machine();
        if (machine == null) {
            return false;
        }
        Matcher m = VERSIONED.matcher(machine);
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major < 5 || (major == 5 && minor < 1);
    }

    /**
     * {@code -mem-prealloc} and {@code -mem-path} for cells without backends, as libvirt's
     * {@code qemuBuildMemPathStr} writes them: the domain's huge page size applies to all cells.
     */
    private static void legacyMemPath(List<String> argv, DomainDef def, LaunchContext ctx) {
        MemoryBackingDef mb = def.tuning().memoryBacking();
        if (mb == null) {
            return;
        }
        String path = null;
        boolean prealloc = mb.allocation() == MemoryBackingDef.Allocation.IMMEDIATE;
        if (mb.hasHugepages() && mb.hugepages().getFirst().sizeKiB() != SYSTEM_PAGE_KIB) {
            long size = mb.hugepages().getFirst().sizeKiB();
            size = size == 0 ? ctx.memory().defaultHugepageKiB() : size;
            path = hugepageDir(ctx, size).toString();
            prealloc = true;
        } else if (mb.source() == MemoryBackingDef.Source.FILE) {
            path = ctx.memory().backingDir().resolve("ram").toString();
        }
        if (prealloc) {
            argv.add("-mem-prealloc");
        }
        if (path != null) {
            argv.add("-mem-path");
            argv.add(path);
        }
    }

    private static Path hugepageDir(LaunchContext ctx, long pagesizeKiB) {
        Path dir = ctx.memory().hugepageDirs().get(pagesizeKiB);
        if (dir == null) {
            throw new ArgvException(Kind.UNSUPPORTED, "The guest memory needs huge pages of " + pagesizeKiB
                    + " KiB, but the host has no hugetlbfs mounted with that page size; mount one (mount -t "
                    + "hugetlbfs -o pagesize=" + pagesizeKiB + "K none DIR) and reserve the pages.");
        }
        return dir;
    }

    /**
     * The vCPUs of each cell as QEMU gets them: vCPUs no cell names go to cell 0, as libvirt
     * completes a partial mapping.
     */
    static List<CpuSet> cellCpus(NumaDef numa, VcpuDef vcpu) {
        CpuSet[] out = new CpuSet[numa.cells().size()];
        BitSet named = new BitSet();
        for (NumaDef.Cell c : numa.cells()) {
            out[c.id()] = c.cpus();
            if (c.cpus() != null) {
                named.or(c.cpus().bits());
            }
        }
        if (numa.cpuCount() < vcpu.max()) {
            BitSet zero = new BitSet();
            zero.set(0, vcpu.max());
            for (NumaDef.Cell c : numa.cells()) {
                if (c.id() != 0 && c.cpus() != null) {
                    zero.andNot(c.cpus().bits());
                }
            }
            out[0] = zero.isEmpty() ? null : new CpuSet(zero);
        }
        return Arrays.asList(out);
    }

    private static void hmat(List<String> argv, NumaDef numa) {
        for (NumaDef.Interconnect l : numa.interconnects()) {
            String hierarchy = switch (l.cacheLevel()) {
                case 1 -> "first-level";
                case 2 -> "second-level";
                case 3 -> "third-level";
                default -> "memory";
            };
            String type = switch (l.kind()) {
                case LATENCY -> "latency,latency=" + l.value();
                case BANDWIDTH -> "bandwidth,bandwidth=" + l.value() + "K";
            };
            argv.add("-numa");
            argv.add("hmat-lb,initiator=" + l.initiator() + ",target=" + l.target() + ",hierarchy=" + hierarchy
                    + ",data-type=" + l.type().xml() + "-" + type);
        }
        for (NumaDef.Cell cell : numa.cells()) {
            for (NumaDef.CellCache k : cell.caches()) {
                String assoc = switch (k.associativity()) {
                    case NONE -> "none";
                    case DIRECT -> "direct";
                    case FULL -> "complex";
                };
                String policy = switch (k.policy()) {
                    case NONE -> "none";
                    case WRITEBACK -> "write-back";
                    case WRITETHROUGH -> "write-through";
                };
                argv.add("-numa");
                argv.add("hmat-cache,node-id=" + cell.id() + ",size=" + k.sizeKiB() + "K,level=" + k.level()
                        + ",associativity=" + assoc + ",policy=" + policy
                        + (k.lineBytes() > 0 ? ",line=" + k.lineBytes() : ""));
            }
        }
    }

    /** The memory devices: a backend object and a device each, with libvirt's aliases and dimm slots. */
    static void devices(List<String> argv, Layout layout, DomainDef def, LaunchContext ctx) {
        List<MemoryDeviceDef> mems = def.devices().memories();
        BitSet slots = new BitSet();
        mems.forEach(m -> {
            if (m.dimm() != null && m.dimm().slot() != null) {
                slots.set(m.dimm().slot());
            }
        });
        int virtioMem = 0;
        int virtioPmem = 0;
        for (MemoryDeviceDef m : mems) {
            Integer slot = null;
            String alias = switch (m.model()) {
                case DIMM, NVDIMM -> {
                    slot = m.dimm() != null && m.dimm().slot() != null ? m.dimm().slot() : slots.nextClearBit(0);
                    slots.set(slot);
                    yield (m.model() == MemoryDeviceDef.Model.DIMM ? "dimm" : "nvdimm") + slot;
                }
                case VIRTIO_MEM -> "virtiomem" + virtioMem++;
                case VIRTIO_PMEM -> "virtiopmem" + virtioPmem++;
            };
            long size = roundUp(m.target().sizeKiB(), MODULE_ALIGN_KIB);
            int cell = m.target().node() == null ? -1 : m.target().node();
            Built b = backend(def, ctx, new Region("mem" + alias, alias, size, cell, m), false);
            addBackend(argv, b);
            String driver = switch (m.model()) {
                case DIMM -> "pc-dimm";
                case NVDIMM -> "nvdimm";
                case VIRTIO_MEM -> "virtio-mem-pci";
                case VIRTIO_PMEM -> "virtio-pmem-pci";
            };
            MemoryDeviceDef.Target t = m.target();
            Opts dev = Opts.of(driver).add("node", t.node())
                    .add("label-size", t.labelKiB() == null ? null : t.labelKiB() * 1024)
                    .add("block-size", t.blockKiB() == null ? null : t.blockKiB() * 1024)
                    .add("requested-size", t.blockKiB() == null ? null : (t.requestedKiB() == null ? 0
                            : t.requestedKiB()) * 1024)
                    .add("unarmed", t.readonly() ? "on" : null)
                    .add("memdev", "mem" + alias)
                    .add("prealloc", m.model() == MemoryDeviceDef.Model.VIRTIO_MEM && b.prealloc() ? "on" : null)
                    .add("id", alias);
            switch (m.model()) {
                case DIMM, NVDIMM -> dev.add("slot", slot).add("addr", m.dimm() == null ? null : m.dimm().base());
                case VIRTIO_MEM, VIRTIO_PMEM -> dev = layout.pci(dev, m.address());
            }
            argv.add("-device");
            argv.add(dev.toString());
        }
    }

    private static void addBackend(List<String> argv, Built b) {
        if (b.context() != null) {
            argv.add("-object");
            argv.add(b.context().toString());
        }
        argv.add("-object");
        argv.add(b.props().toString());
    }

    /**
     * A backend: its thread context (or null), its properties, whether the region needs a backend
     * (libvirt's test), whether the backend does more than QEMU's own RAM would, and whether it
     * preallocates.
     */
    private record Built(JsonOpts context, JsonOpts props, boolean needed, boolean changesRam, boolean prealloc) {
    }

    private static Built backend(DomainDef def, LaunchContext ctx, Region r, boolean systemMemory) {
        MemoryBackingDef mb = def.tuning().memoryBacking();
        NumaDef numa = def.numa();
        NumaTuneDef nt = def.tuning().numatune();
        MemoryDeviceDef dev = r.device();
        NumaDef.Cell cell = numa != null && r.cell() >= 0 && r.cell() < numa.cells().size()
                ? numa.cells().get(r.cell()) : null;
        MemoryBackingDef.Access access = dev != null ? dev.access() : null;
        Boolean discard = dev != null ? dev.discard() : null;
        if (cell != null) {
            access = access == null ? cell.memAccess() : access;
            discard = discard == null ? cell.discard() : discard;
        }
        if (access == null && mb != null) {
            access = mb.access();
        }
        if (discard == null && mb != null && mb.discard()) {
            discard = Boolean.TRUE;
        }
        NumaTuneDef.MemNode memnode = nt == null || r.cell() < 0 ? null : nt.memnode(r.cell());
        NumaTuneDef.Mode mode = memnode != null ? memnode.mode()
                : nt != null && nt.memory() != null ? nt.memory().mode() : NumaTuneDef.Mode.STRICT;

        Page page = page(mb, dev, r.cell(), ctx.memory().defaultHugepageKiB());
        long pagesize = page.sizeKiB();
        boolean needHugepage = page.need();
        boolean useHugepage = page.use();
        String path = dev == null ? null : dev.source().path();
        boolean prealloc = mb != null && mb.allocation() == MemoryBackingDef.Allocation.IMMEDIATE;
        if (path != null) {
            prealloc |= !dev.source().pmem() && dev.model() != MemoryDeviceDef.Model.VIRTIO_PMEM;
        } else if (useHugepage) {
            prealloc = true;
        }
        MemoryBackingDef.Source source = mb == null ? null : mb.source();

        String type;
        JsonOpts p;
        boolean canonicalPathOff = false;
        if (path == null && source == MemoryBackingDef.Source.MEMFD) {
            type = "memory-backend-memfd";
            p = JsonOpts.object(type, r.alias());
            if (useHugepage) {
                p.add("hugetlb", true).add("hugetlbsize", pagesize * 1024);
            }
            share(p, access);
            canonicalPathOff = systemMemory;
        } else if (useHugepage || path != null || access != null || source == MemoryBackingDef.Source.FILE) {
            type = "memory-backend-file";
            p = JsonOpts.object(type, r.alias());
            String memPath;
            if (path != null) {
                memPath = path;
            } else if (useHugepage) {
                memPath = hugepageDir(ctx, pagesize).toString();
            } else {
                memPath = ctx.memory().backingDir().resolve(r.file()).toString();
            }
            p.add("mem-path", memPath);
            if (path == null && discard != null) {
                p.add("discard-data", discard);
            }
            share(p, access);
            canonicalPathOff = systemMemory;
        } else {
            type = "memory-backend-ram";
            p = JsonOpts.object(type, r.alias());
        }
        if (canonicalPathOff) {
            p.add("x-use-canonical-path-for-ramblock-id", false);
        }
        if (dev != null && dev.model() == MemoryDeviceDef.Model.VIRTIO_MEM) {
            p.add("reserve", false);
        } else {
            p.flag("prealloc", prealloc);
            p.add("prealloc-threads", mb == null ? null : mb.allocationThreads());
        }
        p.add("size", r.sizeKiB() * 1024);
        if (dev != null && dev.source().alignsizeKiB() != null) {
            p.add("align", dev.source().alignsizeKiB() * 1024);
        }
        if (dev != null && dev.source().pmem()) {
            p.add("pmem", true);
        }
        CpuSet nodes = dev != null && dev.source().nodemask() != null ? dev.source().nodemask() : null;
        if (nodes == null && nt != null) {
            if (memnode != null) {
                nodes = memnode.nodeset();
            } else if (nt.memory() != null) {
                nodes = nt.memory().staticNodeset(def.vcpu().placement());
            }
        }
        boolean hostNodes = nodes != null && mode != NumaTuneDef.Mode.RESTRICTIVE;
        if (hostNodes) {
            p.add("host-nodes", nodes).add("policy", mode.qemuPolicy());
        }
        // libvirt's test of whether a backend is needed at all (rc 0 of qemuBuildMemoryBackendProps)
        boolean needed = needHugepage || (dev != null && dev.source().nodemask() != null) || memnode != null
                || path != null || access != null || source == MemoryBackingDef.Source.FILE
                || source == MemoryBackingDef.Source.MEMFD;
        // what else the default RAM's backend carries that QEMU's own RAM would not do
        boolean changesRam = useHugepage || prealloc || hostNodes || discard != null;
        // preallocation runs in a thread context on the bound host nodes (QEMU 7.2)
        JsonOpts context = null;
        if (hostNodes && prealloc && !(dev != null && dev.model() == MemoryDeviceDef.Model.VIRTIO_MEM)) {
            context = JsonOpts.object("thread-context", "tc-" + r.alias()).add("node-affinity", nodes);
            p.add("prealloc-context", "tc-" + r.alias());
        }
        return new Built(context, p, needed, changesRam, prealloc);
    }

    /**
     * The huge page size of a region, as libvirt's {@code qemuBuildMemoryGetPagesize} chooses it.
     *
     * @param sizeKiB the page size, 0 for none
     * @param need whether the page is the region's own (a device's or a page naming its cell)
     * @param use whether huge pages back the region at all
     */
    record Page(long sizeKiB, boolean need, boolean use) {
    }

    static Page page(MemoryBackingDef mb, MemoryDeviceDef dev, int cell, long defaultKiB) {
        long pagesize = dev != null && dev.source().pagesizeKiB() != null ? dev.source().pagesizeKiB() : 0;
        boolean need = pagesize != 0;
        boolean use = pagesize != 0;
        if (pagesize == 0 && mb != null && mb.hasHugepages()) {
            MemoryBackingDef.Page p = mb.pageFor(cell);
            if (p != null) {
                need = p.nodeset() != null && cell >= 0 && p.nodeset().contains(cell);
                use = true;
                pagesize = p.sizeKiB();
            }
        }
        if (pagesize == SYSTEM_PAGE_KIB) {
            return new Page(0, false, false);
        }
        if (use && pagesize == 0) {
            pagesize = defaultKiB;
        }
        return new Page(pagesize, need, use);
    }

    /**
     * The memory each huge page size backs: the NUMA cells (or the RAM of a guest without
     * cells) and the memory devices, with the sizes aligned as QEMU gets them.
     *
     * @param def the definition
     * @param defaultKiB the host's default huge page size
     * @return KiB of memory by page size in KiB; empty without huge pages
     */
    static Map<Long, Long> hugepageNeeds(DomainDef def, long defaultKiB) {
        Map<Long, Long> out = new TreeMap<>();
        MemoryBackingDef mb = def.tuning().memoryBacking();
        NumaDef numa = def.numa();
        if (numa == null) {
            add(out, page(mb, null, -1, defaultKiB), initialKiB(def));
        } else {
            for (NumaDef.Cell c : numa.cells()) {
                add(out, page(mb, null, c.id(), defaultKiB), roundUp(c.memoryKiB(), ALIGN_KIB));
            }
        }
        for (MemoryDeviceDef m : def.devices().memories()) {
            if (m.source().path() == null) {
                int cell = m.target().node() == null ? -1 : m.target().node();
                add(out, page(mb, m, cell, defaultKiB), roundUp(m.target().sizeKiB(), MODULE_ALIGN_KIB));
            }
        }
        return out;
    }

    private static void add(Map<Long, Long> needs, Page page, long kib) {
        if (page.use()) {
            needs.merge(page.sizeKiB(), kib, Long::sum);
        }
    }

    private static void share(JsonOpts p, MemoryBackingDef.Access access) {
        if (access != null) {
            p.add("share", access == MemoryBackingDef.Access.SHARED);
        }
    }
}
