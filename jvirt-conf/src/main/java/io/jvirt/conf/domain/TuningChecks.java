package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a domain's placement and tuning against the rest of it that libvirt makes at
 * define time (its parser, {@code domain_validate.c} and, for what QEMU 7.2 supports,
 * {@code qemu_validate.c}): ids that must exist, NUMA cells that must match the vCPUs,
 * huge pages and memory hotplug that must fit the memory. Every problem is returned, so that
 * a definition shows them all at once. What the host lacks (huge pages not reserved, host
 * NUMA nodes missing) is not checked here: such a definition is stored and its start fails.
 */
final class TuningChecks {

    private TuningChecks() {
    }

    /** The parts of a domain the checks read. */
    record Parts(DomainType type, long memoryKiB, MaxMemoryDef maxMemory, VcpuDef vcpu, CpuDef cpu,
                 TuningDef tuning, Devices devices) {
    }

    static List<ConfException> problems(Parts d) {
        List<ConfException> out = new ArrayList<>();
        NumaDef numa = d.cpu() == null ? null : d.cpu().numa();
        int cells = numa == null ? 0 : numa.cells().size();
        int maxVcpus = d.vcpu().max();
        TuningDef t = d.tuning();
        if (numa != null) {
            if (numa.cpuCount() > maxVcpus) {
                out.add(new ConfException(Kind.CONFLICT, "The NUMA cells name " + numa.cpuCount()
                        + " vCPUs but the domain has only " + maxVcpus + "; raise <vcpu> or shrink the cells' cpus."));
            } else if (numa.maxCpuId() >= maxVcpus) {
                out.add(new ConfException(Kind.CONFLICT, "The NUMA cells name vCPU " + numa.maxCpuId()
                        + " but the domain's vCPUs are 0 to " + (maxVcpus - 1) + "."));
            }
            if (numa.cells().stream().allMatch(c -> c.cpus() == null)) {
                out.add(new ConfException(Kind.MISSING_VALUE, "At least one NUMA cell must have vCPUs."));
            }
        }
        cputune(out, t.cputune(), maxVcpus, t.iothreads(), d.type());
        DiskGroups.iothreads(out, d.devices().disks(), t.iothreads());
        numatune(out, t.numatune(), cells, d.vcpu().placement());
        memoryBacking(out, t.memoryBacking(), cells);
        if (t.memtune() != null && t.memtune().minGuaranteeKiB() != null) {
            out.add(new ConfException(Kind.UNSUPPORTED, "<min_guarantee> in <memtune> is not supported for QEMU "
                    + "domains; remove it."));
        }
        memoryDevices(out, d, cells);
        if (d.maxMemory() != null) {
            if (cells == 0) {
                out.add(new ConfException(Kind.MISSING_VALUE, "<maxMemory> (memory hotplug) needs a guest NUMA "
                        + "topology; add <numa> with at least one <cell> inside <cpu>."));
            }
            if (d.maxMemory().sizeKiB() < d.memoryKiB()) {
                out.add(new ConfException(Kind.CONFLICT, "<maxMemory> (" + d.maxMemory().sizeKiB()
                        + " KiB) must not be less than <memory> (" + d.memoryKiB() + " KiB)."));
            }
        }
        return out;
    }

    private static void memoryDevices(List<ConfException> out, Parts d, int cells) {
        List<MemoryDeviceDef> mems = d.devices().memories();
        if (mems.isEmpty()) {
            return;
        }
        long plugged = 0;
        for (int i = 0; i < mems.size(); i++) {
            MemoryDeviceDef m = mems.get(i);
            plugged += m.target().sizeKiB();
            Integer node = m.target().node();
            if (node != null && cells == 0) {
                out.add(new ConfException(Kind.MISSING_VALUE, "The " + m.model().xml() + " memory device names guest "
                        + "NUMA node " + node + ", but the guest has no NUMA cells."));
            } else if (node != null && node >= cells) {
                out.add(new ConfException(Kind.NOT_FOUND, "The " + m.model().xml() + " memory device names guest "
                        + "NUMA node " + node + ", but the guest has only " + cells + " cell(s)."));
            } else if (node == null && cells > 0 && m.model() != MemoryDeviceDef.Model.VIRTIO_PMEM) {
                out.add(new ConfException(Kind.MISSING_VALUE, "The " + m.model().xml() + " memory device needs a "
                        + "<node> in its <target> naming its guest NUMA cell."));
            }
            if (d.maxMemory() != null && m.dimm() != null && m.dimm().slot() != null) {
                int slot = m.dimm().slot();
                if (slot >= d.maxMemory().slots()) {
                    out.add(new ConfException(Kind.INVALID_VALUE, "The memory device slot " + slot
                            + " is past the " + d.maxMemory().slots() + " slots of <maxMemory>."));
                }
                for (int j = 0; j < i; j++) {
                    MemoryDeviceDef.Dimm other = mems.get(j).dimm();
                    if (other != null && other.slot() != null && other.slot() == slot) {
                        out.add(new ConfException(Kind.CONFLICT, "Two memory devices use slot " + slot + "."));
                    }
                }
            }
        }
        if (d.maxMemory() == null) {
            out.add(new ConfException(Kind.MISSING_VALUE, "Memory devices need <maxMemory> with slots for them."));
            return;
        }
        if (mems.size() > d.maxMemory().slots()) {
            out.add(new ConfException(Kind.CONFLICT, "There are " + mems.size() + " memory devices but <maxMemory> "
                    + "has only " + d.maxMemory().slots() + " slots."));
        }
        if (plugged > d.memoryKiB()) {
            out.add(new ConfException(Kind.CONFLICT, "The memory devices (" + plugged + " KiB) are more than the "
                    + "domain's <memory> (" + d.memoryKiB() + " KiB), which includes them."));
        } else if (plugged > d.maxMemory().sizeKiB() - (d.memoryKiB() - plugged)) {
            out.add(new ConfException(Kind.CONFLICT, "The memory devices (" + plugged + " KiB) do not fit in the "
                    + "hotplug space of <maxMemory> beyond the initial memory."));
        }
    }

    private static void cputune(List<ConfException> out, CpuTuneDef ct, int maxVcpus, IoThreadsDef io,
                                DomainType type) {
        if (ct == null) {
            return;
        }
        for (CpuTuneDef.IothreadPin p : ct.iothreadpins()) {
            if (!io.has(p.iothread())) {
                out.add(new ConfException(Kind.NOT_FOUND, "<iothreadpin> names I/O thread " + p.iothread()
                        + ", which the domain does not have; see <iothreads>."));
            }
        }
        for (CpuTuneDef.Sched s : ct.iothreadscheds()) {
            for (int id : s.ids().ids()) {
                if (!io.has(id)) {
                    out.add(new ConfException(Kind.NOT_FOUND, "<iothreadsched> names I/O thread " + id
                            + ", which the domain does not have; see <iothreads>."));
                }
            }
        }
        for (CpuTuneDef.Sched s : ct.vcpuscheds()) {
            if (s.ids().max() >= maxVcpus) {
                out.add(new ConfException(Kind.NOT_FOUND, "<vcpusched> names vCPU " + s.ids().max()
                        + " but the domain's vCPUs are 0 to " + (maxVcpus - 1) + "."));
            }
        }
        if (!ct.cachetunes().isEmpty() && type != DomainType.KVM) {
            out.add(new ConfException(Kind.UNSUPPORTED, "<cachetune> is supported only for KVM domains."));
        }
    }

    private static void numatune(List<ConfException> out, NumaTuneDef nt, int cells, VcpuDef.Placement placement) {
        if (nt == null) {
            return;
        }
        if (nt.memory() != null && nt.memory().effectivePlacement(placement) == NumaTuneDef.Placement.STATIC
                && nt.memory().nodeset() == null) {
            out.add(new ConfException(Kind.MISSING_VALUE, "<numatune><memory> needs a 'nodeset' when its placement "
                    + "is static (the <vcpu> placement is not 'auto')."));
        }
        if (!nt.memnodes().isEmpty() && cells == 0) {
            out.add(new ConfException(Kind.MISSING_VALUE, "<memnode> in <numatune> needs guest NUMA cells; add "
                    + "<numa> inside <cpu>."));
            return;
        }
        for (NumaTuneDef.MemNode n : nt.memnodes()) {
            if (n.cellid() >= cells) {
                out.add(new ConfException(Kind.NOT_FOUND, "<memnode cellid='" + n.cellid() + "'> names a guest NUMA "
                        + "cell the domain does not have (its cells are 0 to " + (cells - 1) + ")."));
            }
        }
    }

    private static void memoryBacking(List<ConfException> out, MemoryBackingDef mb, int cells) {
        if (mb == null || !mb.hasHugepages()) {
            return;
        }
        int masters = 0;
        for (MemoryBackingDef.Page p : mb.hugepages()) {
            // without guest cells, a nodeset of just 0 is the whole guest, as libvirt reads it
            boolean master = p.nodeset() == null || (cells == 0 && p.nodeset().equals(CpuSet.of(0)));
            masters += master ? 1 : 0;
            if (!master && p.nodeset().max() >= cells) {
                out.add(new ConfException(Kind.NOT_FOUND, "The huge pages of " + p.sizeKiB() + " KiB name guest "
                        + "NUMA cell " + p.nodeset().max() + ", which the domain does not have."));
            }
        }
        if (masters > 1) {
            out.add(new ConfException(Kind.CONFLICT, "More than one huge page size applies to the whole guest; "
                    + "give all but one of them a 'nodeset'."));
        }
        if (mb.allocation() == MemoryBackingDef.Allocation.ONDEMAND) {
            out.add(new ConfException(Kind.CONFLICT,
                    "Huge pages cannot be allocated on demand; remove <allocation mode='ondemand'/>."));
        }
        if (mb.source() == MemoryBackingDef.Source.ANONYMOUS) {
            out.add(new ConfException(Kind.CONFLICT,
                    "Huge pages cannot back anonymous memory; remove <source type='anonymous'/>."));
        }
    }
}
