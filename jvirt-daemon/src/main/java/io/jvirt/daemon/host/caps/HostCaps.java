package io.jvirt.daemon.host.caps;

import java.util.List;

/**
 * The {@code <host>} part of libvirt's capabilities document (formatcaps.html), as jvirt read it
 * from /proc and /sys.
 *
 * @param uuid the host's UUID (SMBIOS, else the machine id)
 * @param cpu the host processor
 * @param power the suspend targets the kernel offers ({@code suspend_mem}, ...)
 * @param iommu whether the host has IOMMU groups (device assignment possible)
 * @param cells the NUMA cells
 * @param caches the level 3 (and higher) cache banks
 */
public record HostCaps(String uuid, Cpu cpu, List<String> power, boolean iommu, List<Cell> cells,
                       List<CacheBank> caches) {

    /** Copies the lists. */
    public HostCaps {
        power = List.copyOf(power);
        cells = List.copyOf(cells);
        caches = List.copyOf(caches);
    }

    /**
     * The host processor.
     *
     * @param arch {@code x86_64}
     * @param model the named model closest to it (see {@code CpuModelChooser})
     * @param vendor {@code AMD}, {@code Intel}, ...
     * @param microcode the microcode revision, or -1
     * @param family the CPUID family
     * @param modelNumber the CPUID model
     * @param stepping the CPUID stepping
     * @param topology sockets, dies, cores per die, threads per core
     * @param physBits physical address bits, or 0
     * @param features the features beyond the model's, QEMU's names
     * @param pageSizesKiB the page sizes, the base size first
     */
    public record Cpu(String arch, String model, String vendor, long microcode, int family, int modelNumber,
                      int stepping, Topology topology, int physBits, List<String> features, List<Long> pageSizesKiB) {
        /** Copies the lists. */
        public Cpu {
            features = List.copyOf(features);
            pageSizesKiB = List.copyOf(pageSizesKiB);
        }
    }

    /** Sockets, dies per socket, cores per die, threads per core. */
    public record Topology(int sockets, int dies, int cores, int threads) {
    }

    /**
     * One NUMA cell.
     *
     * @param id its number
     * @param memoryKiB its memory
     * @param pages free-for-use pages of each size: size in KiB and count
     * @param distances the distance to each cell, by id
     * @param cpus its processors
     */
    public record Cell(int id, long memoryKiB, List<Pages> pages, List<Distance> distances, List<CellCpu> cpus) {
        /** Copies the lists. */
        public Cell {
            pages = List.copyOf(pages);
            distances = List.copyOf(distances);
            cpus = List.copyOf(cpus);
        }
    }

    /** A number of pages of one size. */
    public record Pages(long sizeKiB, long count) {
    }

    /** The distance to another cell. */
    public record Distance(int id, int value) {
    }

    /**
     * A processor of a cell.
     *
     * @param id its number
     * @param socket its package
     * @param die its die
     * @param core its core
     * @param siblings the processors sharing its core, as a list ({@code 0-1})
     */
    public record CellCpu(int id, int socket, int die, int core, String siblings) {
    }

    /**
     * A cache bank.
     *
     * @param id its id
     * @param level 3 and up
     * @param type {@code both}, {@code data} or {@code code}
     * @param size the size in {@code unit}
     * @param unit {@code KiB}, {@code MiB}, ...
     * @param cpus the processors sharing it ({@code 0-1})
     */
    public record CacheBank(int id, int level, String type, long size, String unit, String cpus) {
    }
}
