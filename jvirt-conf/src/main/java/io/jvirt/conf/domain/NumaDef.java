package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest NUMA topology, {@code <cpu><numa>}: cells with their vCPUs and memory, distances
 * between them, and the heterogeneous memory attributes (caches, latencies, bandwidths) QEMU
 * reports in the ACPI HMAT.
 *
 * @param cells the cells, ordered by id (0, 1, ...)
 * @param interconnects the latencies and bandwidths between cells, in document order
 */
public record NumaDef(List<Cell> cells, List<Interconnect> interconnects) {

    /** The distance of a cell to itself. */
    public static final int LOCAL_DISTANCE = 10;
    /** The default distance between two cells. */
    public static final int REMOTE_DISTANCE = 20;
    /** The largest distance (unreachable). */
    public static final int UNREACHABLE = 255;

    /** Checks the cells as libvirt's parser and validator do. */
    public NumaDef {
        cells = Checks.list(cells);
        interconnects = Checks.list(interconnects);
        if (cells.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "<numa> needs at least one <cell>.");
        }
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            if (c.id() != i) {
                throw new ConfException(Kind.INVALID_VALUE, "The NUMA cell ids must be 0 to " + (cells.size() - 1)
                        + ", each once; cell " + c.id() + " is out of place or repeated.");
            }
            for (int j = 0; j < i; j++) {
                if (c.cpus() != null && cells.get(j).cpus() != null && c.cpus().overlaps(cells.get(j).cpus())) {
                    throw new ConfException(Kind.CONFLICT, "NUMA cells " + j + " and " + i
                            + " have overlapping vCPU ids; each vCPU belongs to one cell.");
                }
            }
            for (Sibling s : c.siblings()) {
                if (s.id() >= cells.size()) {
                    throw new ConfException(Kind.INVALID_VALUE, "The distance sibling " + s.id() + " of NUMA cell "
                            + i + " is not a cell of this guest.");
                }
                boolean local = s.id() == i;
                if (s.value() < LOCAL_DISTANCE || s.value() > UNREACHABLE || local != (s.value() == LOCAL_DISTANCE)) {
                    throw new ConfException(Kind.INVALID_VALUE, "The distance " + s.value() + " from NUMA cell " + i
                            + " to cell " + s.id() + " is not valid; a cell is 10 from itself and 11 to 255 from "
                            + "the others.");
                }
            }
            for (int a = 0; a < c.caches().size(); a++) {
                for (int b = 0; b < a; b++) {
                    if (c.caches().get(a).level() == c.caches().get(b).level()) {
                        throw new ConfException(Kind.DUPLICATE, "NUMA cell " + i + " defines cache level "
                                + c.caches().get(a).level() + " twice.");
                    }
                }
            }
        }
        if (cells.stream().anyMatch(c -> !c.siblings().isEmpty())) {
            cells = fillDistances(cells);
        }
        for (int i = 0; i < interconnects.size(); i++) {
            Interconnect l = interconnects.get(i);
            if (l.initiator() >= cells.size() || l.target() >= cells.size()) {
                throw new ConfException(Kind.INVALID_VALUE, "The " + l.kind().xml() + " from cell " + l.initiator()
                        + " to cell " + l.target() + " names a NUMA cell this guest does not have.");
            }
            if (cells.get(l.initiator()).cpus() == null) {
                throw new ConfException(Kind.INVALID_VALUE, "NUMA cell " + l.initiator()
                        + " has no CPUs, so it cannot be the initiator of a " + l.kind().xml() + ".");
            }
            if (l.cache() != null && l.cache() > 0
                    && cells.get(l.target()).caches().stream().noneMatch(c -> c.level() == l.cache())) {
                throw new ConfException(Kind.INVALID_VALUE, "The " + l.kind().xml() + " to cell " + l.target()
                        + " names cache level " + l.cache() + ", which that cell does not define.");
            }
            for (int j = 0; j < i; j++) {
                Interconnect m = interconnects.get(j);
                if (l.kind() == m.kind() && l.initiator() == m.initiator() && l.target() == m.target()
                        && l.cacheLevel() == m.cacheLevel() && l.type() == m.type()) {
                    throw new ConfException(Kind.DUPLICATE, "The " + l.kind().xml() + " from cell " + l.initiator()
                            + " to cell " + l.target() + " is given twice.");
                }
                if (l.initiator() != l.target() && l.initiator() == m.target() && l.target() == m.initiator()) {
                    throw new ConfException(Kind.DUPLICATE, "The link between cells " + l.initiator() + " and "
                            + l.target() + " is already defined the other way round.");
                }
            }
        }
    }

    /** Returns the number of vCPUs the cells name. */
    public int cpuCount() {
        return cells.stream().mapToInt(c -> c.cpus() == null ? 0 : c.cpus().size()).sum();
    }

    /** Returns the largest vCPU id a cell names, or -1. */
    public int maxCpuId() {
        return cells.stream().mapToInt(c -> c.cpus() == null ? -1 : c.cpus().max()).max().orElse(-1);
    }

    /** Returns the memory of all cells in KiB. */
    public long memoryKiB() {
        return cells.stream().mapToLong(Cell::memoryKiB).sum();
    }

    /** Returns whether the guest has HMAT data (caches or interconnects). */
    public boolean hasHmat() {
        return !interconnects.isEmpty() || cells.stream().anyMatch(c -> !c.caches().isEmpty());
    }

    /** Gives every cell its distance to every cell, as libvirt completes a partial matrix. */
    private static List<Cell> fillDistances(List<Cell> cells) {
        List<Cell> out = new ArrayList<>();
        for (Cell c : cells) {
            List<Sibling> all = new ArrayList<>();
            for (int j = 0; j < cells.size(); j++) {
                all.add(new Sibling(j, distanceIn(cells, c.id(), j)));
            }
            out.add(new Cell(c.id(), c.cpus(), c.memoryKiB(), c.memAccess(), c.discard(), all, c.caches()));
        }
        return List.copyOf(out);
    }

    /**
     * Returns the distance from cell {@code from} to cell {@code to} as libvirt fills it in: a
     * given value, else the value given the other way round, else 10 to itself and 20 to others.
     */
    public int distance(int from, int to) {
        return distanceIn(cells, from, to);
    }

    private static int distanceIn(List<Cell> cells, int from, int to) {
        for (Sibling s : cells.get(from).siblings()) {
            if (s.id() == to) {
                return s.value();
            }
        }
        if (from != to) {
            for (Sibling s : cells.get(to).siblings()) {
                if (s.id() == from) {
                    return s.value();
                }
            }
        }
        return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
    }

    /** Returns whether any distance differs from the defaults, so that QEMU must be given all of them. */
    public boolean hasDistances() {
        for (int i = 0; i < cells.size(); i++) {
            for (int j = 0; j < cells.size(); j++) {
                int d = distance(i, j);
                if (d != LOCAL_DISTANCE && d != REMOTE_DISTANCE) {
                    return true;
                }
            }
        }
        return false;
    }


    /**
     * A {@code <cell>}.
     *
     * @param id the cell id
     * @param cpus the vCPUs of the cell, or null for a cell without CPUs
     * @param memoryKiB the cell's memory in KiB
     * @param memAccess shared or private memory for this cell, or null
     * @param discard whether freed memory is discarded, or null
     * @param siblings the distances to other cells, as given
     * @param caches the memory side caches of the cell
     */
    public record Cell(int id, CpuSet cpus, long memoryKiB, MemoryBackingDef.Access memAccess, Boolean discard,
                       List<Sibling> siblings, List<CellCache> caches) {
        /** Copies the lists and checks the memory. */
        public Cell {
            siblings = Checks.list(siblings);
            caches = Checks.list(caches);
            if (memoryKiB <= 0) {
                throw new ConfException(Kind.INVALID_VALUE, "NUMA cell " + id + " needs some memory.");
            }
        }
    }

    /**
     * A distance {@code <sibling>}.
     *
     * @param id the other cell
     * @param value the distance
     */
    public record Sibling(int id, int value) {
    }

    /** A cache's associativity. */
    public enum Associativity implements XmlEnum {
        /** Not given. */
        NONE("none"),
        /** Direct mapped. */
        DIRECT("direct"),
        /** Fully associative. */
        FULL("full");

        private final String xml;

        Associativity(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** A cache's write policy. */
    public enum CachePolicy implements XmlEnum {
        /** Not given. */
        NONE("none"),
        /** Write back. */
        WRITEBACK("writeback"),
        /** Write through. */
        WRITETHROUGH("writethrough");

        private final String xml;

        CachePolicy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * A {@code <cache>} of a cell.
     *
     * @param level the level, 1 to 3
     * @param associativity the associativity
     * @param policy the write policy
     * @param sizeKiB the size in KiB
     * @param lineBytes the line size in bytes, or 0 when not given
     */
    public record CellCache(int level, Associativity associativity, CachePolicy policy, long sizeKiB, long lineBytes) {
        /** Checks the level. */
        public CellCache {
            if (level < 1 || level > 3) {
                throw new ConfException(Kind.INVALID_VALUE, "A NUMA cell cache level must be 1, 2 or 3, not "
                        + level + ".");
            }
            Checks.required(associativity, "The cache associativity");
            Checks.required(policy, "The cache policy");
        }
    }

    /** What an interconnect describes. */
    public enum InterconnectKind implements XmlEnum {
        /** {@code <latency>}, in nanoseconds. */
        LATENCY("latency"),
        /** {@code <bandwidth>}, in KiB per second. */
        BANDWIDTH("bandwidth");

        private final String xml;

        InterconnectKind(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The access an interconnect value is for. */
    public enum AccessType implements XmlEnum {
        /** Reads and writes. */
        ACCESS("access"),
        /** Reads. */
        READ("read"),
        /** Writes. */
        WRITE("write");

        private final String xml;

        AccessType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * A {@code <latency>} or {@code <bandwidth>} inside {@code <interconnects>}.
     *
     * @param kind latency or bandwidth
     * @param initiator the cell whose CPUs access
     * @param target the cell whose memory is accessed
     * @param cache the cache level of the target accessed, or null for the memory itself
     * @param type the access type
     * @param value nanoseconds for a latency, KiB per second for a bandwidth
     */
    public record Interconnect(InterconnectKind kind, int initiator, int target, Integer cache, AccessType type,
                               long value) {
        /** Checks the parts. */
        public Interconnect {
            Checks.required(kind, "The interconnect kind");
            Checks.required(type, "The interconnect type");
        }

        /** Returns the cache level, 0 for the memory. */
        public int cacheLevel() {
            return cache == null ? 0 : cache;
        }
    }
}
