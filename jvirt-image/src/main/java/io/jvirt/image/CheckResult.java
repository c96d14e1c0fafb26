package io.jvirt.image;

import java.util.List;

/**
 * Findings of an image check, with qemu-img check's meaning for each number.
 *
 * @param corruptions errors that may lose data
 * @param leaks clusters with a refcount but no reference
 * @param allocatedClusters guest clusters allocated in the active state
 * @param totalClusters guest clusters of the virtual size
 * @param fragmentedClusters data clusters not following their predecessor
 * @param compressedClusters compressed clusters
 * @param imageEndOffset end of the last referenced cluster
 * @param messages one line per finding, in qemu-img's wording
 * @param repairedLeaks leaks fixed by a repair
 * @param repairedCorruptions corruptions fixed by a repair
 */
public record CheckResult(long corruptions, long leaks, long allocatedClusters, long totalClusters,
        long fragmentedClusters, long compressedClusters, long imageEndOffset, List<String> messages,
        long repairedLeaks, long repairedCorruptions) {

    /** What a check may repair (qemu-img check -r). */
    public enum Repair {
        /** Report only. */
        NONE,
        /** Fix leaked clusters. */
        LEAKS,
        /** Fix leaks and corruptions. */
        ALL
    }

    /** Defensive copy. */
    public CheckResult {
        messages = List.copyOf(messages);
    }

    /**
     * @param leaksFixed leaks fixed
     * @param corruptionsFixed corruptions fixed
     * @return a copy recording a repair
     */
    public CheckResult withRepaired(long leaksFixed, long corruptionsFixed) {
        return new CheckResult(corruptions, leaks, allocatedClusters, totalClusters, fragmentedClusters,
                compressedClusters, imageEndOffset, messages, leaksFixed, corruptionsFixed);
    }

    /** @return qemu-img check's exit code: 0 clean, 2 corruptions, 3 leaks only */
    public int exitCode() {
        return corruptions > 0 ? 2 : leaks > 0 ? 3 : 0;
    }
}
