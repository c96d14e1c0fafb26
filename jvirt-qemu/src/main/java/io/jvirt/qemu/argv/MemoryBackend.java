package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CpuSet;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.MemoryBackingDef;
import io.jvirt.conf.domain.MemoryDeviceDef;
import io.jvirt.conf.domain.NumaDef;
import io.jvirt.conf.domain.NumaTuneDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code memory-backend-*} object of one guest memory region (a NUMA cell, the default RAM,
 * a memory device), as libvirt's {@code qemuBuildMemoryBackendProps} builds it for QEMU 7.2:
 * huge pages or a file (or an access mode) give {@code memory-backend-file}, {@code <source
 * type='memfd'/>} gives {@code memory-backend-memfd}, otherwise {@code memory-backend-ram};
 * huge pages and {@code <allocation mode='immediate'/>} preallocate, in a {@code thread-context}
 * on the bound host nodes; {@code <numatune>} gives {@code host-nodes} and {@code policy} (none
 * for mode {@code restrictive}, which only the cgroup's {@code cpuset.mems} would apply).
 */
final class MemoryBackend {

    /** The host's base page size; a "huge page" of this size is no huge page. */
    static final long SYSTEM_PAGE_KIB = 4;

    private MemoryBackend() {
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
    record Region(String alias, String file, long sizeKiB, int cell, MemoryDeviceDef device) {
    }

    static void addBackend(List<String> argv, Built b) {
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
    record Built(JsonOpts context, JsonOpts props, boolean needed, boolean changesRam, boolean prealloc) {
    }

    static Built backend(DomainDef def, LaunchContext ctx, Region r, boolean systemMemory) {
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
        if (access == null && SharedMemory.needed(def)) {
            // a vhost-user back end maps guest RAM: share it without being asked, in a memfd
            // unless the definition chose what backs it
            access = MemoryBackingDef.Access.SHARED;
            if (source == null && path == null && !useHugepage) {
                source = MemoryBackingDef.Source.MEMFD;
            }
        }

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

    static Path hugepageDir(LaunchContext ctx, long pagesizeKiB) {
        Path dir = ctx.memory().hugepageDirs().get(pagesizeKiB);
        if (dir == null) {
            throw new ArgvException(Kind.UNSUPPORTED, "The guest memory needs huge pages of " + pagesizeKiB
                    + " KiB, but the host has no hugetlbfs mounted with that page size; mount one (mount -t "
                    + "hugetlbfs -o pagesize=" + pagesizeKiB + "K none DIR) and reserve the pages.");
        }
        return dir;
    }

    private static void share(JsonOpts p, MemoryBackingDef.Access access) {
        if (access != null) {
            p.add("share", access == MemoryBackingDef.Access.SHARED);
        }
    }
}
