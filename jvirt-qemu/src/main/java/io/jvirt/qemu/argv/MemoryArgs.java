package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemoryBackingDef;
import io.jvirt.conf.domain.MemoryDeviceDef;
import io.jvirt.conf.domain.NumaDef;
import io.jvirt.conf.domain.VcpuDef;
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
 * 2 MiB. Each region's backend is {@link MemoryBackend}'s.
 */
final class MemoryArgs {

    /** libvirt's alignment of RAM and NUMA cells: 1 MiB. */
    static final long ALIGN_KIB = 1024;
    /** libvirt's alignment of memory modules on x86: 2 MiB. */
    static final long MODULE_ALIGN_KIB = 2048;
    /** The id of the default RAM of x86 machines. */
    static final String DEFAULT_RAM = "pc.ram";
    /** A versioned x86 machine type. */
    private static final Pattern VERSIONED = Pattern.compile("pc-(?:i440fx|q35)-(\\d+)\\.(\\d+)");

    private MemoryArgs() {
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
        MemoryBackend.Built ram = defaultBackend(def, ctx);
        if (ram != null) {
            MemoryBackend.addBackend(argv, ram);
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
    private static MemoryBackend.Built defaultBackend(DomainDef def, LaunchContext ctx) {
        if (def.numa() != null) {
            return null;
        }
        MemoryBackend.Built b = MemoryBackend.backend(def, ctx,
                new MemoryBackend.Region(DEFAULT_RAM, DEFAULT_RAM, initialKiB(def), -1, null), true);
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
        MemoryBackend.Built[] backends = new MemoryBackend.Built[numa.cells().size()];
        boolean needBackend = hmat || !numaMemSupported(def);
        for (NumaDef.Cell cell : numa.cells()) {
            String alias = "ram-node" + cell.id();
            backends[cell.id()] = MemoryBackend.backend(def, ctx, new MemoryBackend.Region(alias, alias,
                    roundUp(cell.memoryKiB(), ALIGN_KIB), cell.id(), null), false);
            needBackend |= backends[cell.id()].needed();
        }
        if (!needBackend) {
            legacyMemPath(argv, def, ctx);
        }
        for (NumaDef.Cell cell : numa.cells()) {
            String alias = "ram-node" + cell.id();
            if (needBackend) {
                MemoryBackend.addBackend(argv, backends[cell.id()]);
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
        if (mb.hasHugepages() && mb.hugepages().getFirst().sizeKiB() != MemoryBackend.SYSTEM_PAGE_KIB) {
            long size = mb.hugepages().getFirst().sizeKiB();
            size = size == 0 ? ctx.memory().defaultHugepageKiB() : size;
            path = MemoryBackend.hugepageDir(ctx, size).toString();
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
            MemoryBackend.Built b = MemoryBackend.backend(def, ctx,
                    new MemoryBackend.Region("mem" + alias, alias, size, cell, m), false);
            MemoryBackend.addBackend(argv, b);
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
            add(out, MemoryBackend.page(mb, null, -1, defaultKiB), initialKiB(def));
        } else {
            for (NumaDef.Cell c : numa.cells()) {
                add(out, MemoryBackend.page(mb, null, c.id(), defaultKiB), roundUp(c.memoryKiB(), ALIGN_KIB));
            }
        }
        for (MemoryDeviceDef m : def.devices().memories()) {
            if (m.source().path() == null) {
                int cell = m.target().node() == null ? -1 : m.target().node();
                add(out, MemoryBackend.page(mb, m, cell, defaultKiB),
                        roundUp(m.target().sizeKiB(), MODULE_ALIGN_KIB));
            }
        }
        return out;
    }

    private static void add(Map<Long, Long> needs, MemoryBackend.Page page, long kib) {
        if (page.use()) {
            needs.merge(page.sizeKiB(), kib, Long::sum);
        }
    }


}
