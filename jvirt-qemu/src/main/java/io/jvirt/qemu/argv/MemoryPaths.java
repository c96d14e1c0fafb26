package io.jvirt.qemu.argv;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the files behind a domain's memory go, which the daemon prepares before start (the argv
 * builder only names them): per huge page size, a directory on a hugetlbfs mount of that page
 * size; and a directory for {@code <source type='file'/>} memory. The directories belong to
 * this start of this domain; QEMU creates and unlinks its files in them.
 *
 * @param defaultHugepageKiB the host's default huge page size, used for {@code <hugepages/>}
 *     and pages without a size
 * @param hugepageDirs the directory for each huge page size (KiB) the host has mounted; a size
 *     missing here makes a definition that needs it fail with a sentence
 * @param backingDir the directory for file-backed memory
 */
public record MemoryPaths(long defaultHugepageKiB, Map<Long, Path> hugepageDirs, Path backingDir) {

    /** Copies the map and checks the parts. */
    public MemoryPaths {
        hugepageDirs = Map.copyOf(hugepageDirs);
        Objects.requireNonNull(backingDir, "backingDir");
        if (defaultHugepageKiB <= 0) {
            throw new IllegalArgumentException("The default huge page size must be positive.");
        }
    }

    /**
     * Paths for a host without hugetlbfs mounts: file-backed memory in the run directory.
     *
     * @param runDir the domain's run directory
     * @return the paths
     */
    public static MemoryPaths noHugepages(Path runDir) {
        return new MemoryPaths(2048, Map.of(), runDir.resolve("ram"));
    }
}
