package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * The {@code <memoryBacking>} element: what host memory backs the guest's RAM.
 *
 * @param hugepages the huge page sizes to use, by guest NUMA cell; null without
 *     {@code <hugepages>}; one page of size 0 for {@code <hugepages/>} (the host's default size)
 * @param nosharepages whether KSM may not merge the guest's pages ({@code <nosharepages/>})
 * @param locked whether the memory is locked in host RAM ({@code <locked/>})
 * @param source the kind of memory, or null for QEMU's default (anonymous)
 * @param access shared or private mappings, or null for the default
 * @param allocation when memory is allocated ({@code <allocation mode>}), or null
 * @param allocationThreads how many threads preallocate ({@code <allocation threads>}), or null
 * @param discard whether memory is discarded when freed ({@code <discard/>})
 */
public record MemoryBackingDef(List<Page> hugepages, boolean nosharepages, boolean locked, Source source,
                               Access access, Allocation allocation, Integer allocationThreads, boolean discard) {

    /** Checks the pages: at most one without a node set, node sets not overlapping, sizes above 0. */
    public MemoryBackingDef {
        hugepages = hugepages == null ? null : List.copyOf(hugepages);
        if (hugepages != null) {
            for (int i = 0; i < hugepages.size(); i++) {
                Page p = hugepages.get(i);
                for (int j = 0; j < i; j++) {
                    Page q = hugepages.get(j);
                    if (p.nodeset() == null && q.nodeset() == null) {
                        throw new ConfException(Kind.CONFLICT, "Two huge page sizes (" + q.sizeKiB() + " and "
                                + p.sizeKiB() + " KiB) apply to all guest memory; give one of them a 'nodeset'.");
                    }
                    if (p.nodeset() != null && q.nodeset() != null && p.nodeset().overlaps(q.nodeset())) {
                        throw new ConfException(Kind.CONFLICT, "The node sets of the huge pages of " + q.sizeKiB()
                                + " and " + p.sizeKiB() + " KiB overlap; each guest cell takes one page size.");
                    }
                }
            }
        }
        if (allocationThreads != null && allocationThreads < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The memory allocation threads must be at least 1.");
        }
    }

    /** Returns whether huge pages are asked for. */
    public boolean hasHugepages() {
        return hugepages != null;
    }

    /**
     * Returns the huge page size that backs a guest cell, as libvirt chooses it: the page whose
     * node set names the cell, else the page without a node set. Without guest cells, a page
     * whose node set is just cell 0 counts as having none, as libvirt reads it.
     *
     * @param cell the guest NUMA cell, or -1 for a guest without NUMA cells
     * @return the page, or null when the cell is not backed by huge pages
     */
    public Page pageFor(int cell) {
        if (hugepages == null) {
            return null;
        }
        Page master = null;
        for (Page p : hugepages) {
            if (p.nodeset() == null || (cell < 0 && p.nodeset().equals(CpuSet.of(0)))) {
                master = p;
            } else if (cell >= 0 && p.nodeset().contains(cell)) {
                return p;
            }
        }
        return master;
    }

    /**
     * A {@code <page>} (or the empty {@code <hugepages/>}: size 0).
     *
     * @param sizeKiB the page size in KiB, 0 for the host's default huge page size
     * @param nodeset the guest cells it backs, or null for all
     */
    public record Page(long sizeKiB, CpuSet nodeset) {
        /** Checks the size. */
        public Page {
            if (sizeKiB < 0) {
                throw new ConfException(Kind.INVALID_VALUE, "A huge page size must not be negative.");
            }
        }
    }

    /** The {@code <source type>}. */
    public enum Source implements XmlEnum {
        /** A file ({@code memory-backend-file}). */
        FILE("file"),
        /** Anonymous memory ({@code memory-backend-ram}). */
        ANONYMOUS("anonymous"),
        /** A memfd ({@code memory-backend-memfd}). */
        MEMFD("memfd");

        private final String xml;

        Source(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code <access mode>} (also a NUMA cell's {@code memAccess}). */
    public enum Access implements XmlEnum {
        /** A shared mapping, visible to other processes (vhost-user). */
        SHARED("shared"),
        /** A private mapping. */
        PRIVATE("private");

        private final String xml;

        Access(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code <allocation mode>}. */
    public enum Allocation implements XmlEnum {
        /** All memory allocated at start ({@code prealloc}). */
        IMMEDIATE("immediate"),
        /** Memory allocated when the guest touches it. */
        ONDEMAND("ondemand");

        private final String xml;

        Allocation(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
