package io.jvirt.image;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Findings of an image check, with qemu-img check's meaning for each number. After a repair
 * the counts are those of the check that ran after it, and the {@code ...Fixed} fields say what
 * the repair changed.
 *
 * @param format qemu's name of the checked format
 * @param corruptions errors that may lose data
 * @param leaks clusters with a refcount but no reference
 * @param checkErrors problems that kept the check from looking at part of the image
 * @param corruptionsFixed corruptions fixed by a repair
 * @param leaksFixed leaks fixed by a repair
 * @param allocatedClusters guest clusters allocated in the active state
 * @param totalClusters guest clusters of the virtual size
 * @param fragmentedClusters data clusters not following their predecessor
 * @param compressedClusters compressed clusters
 * @param imageEndOffset end of the last used cluster (0 when the format does not tell)
 * @param messages one line per finding, in qemu-img's wording (qemu prints them on stderr)
 * @param failure why the check could not be completed, as a whole sentence; empty when it was
 */
public record CheckResult(String format, long corruptions, long leaks, long checkErrors, long corruptionsFixed,
        long leaksFixed, long allocatedClusters, long totalClusters, long fragmentedClusters,
        long compressedClusters, long imageEndOffset, List<String> messages, Optional<String> failure) {

    /** What a check may repair (qemu-img check -r). */
    public enum Repair {
        /** Report only. */
        NONE,
        /** Fix leaked clusters (and what is safe to fix once they are fixed). */
        LEAKS,
        /** Fix leaks and corruptions. */
        ALL
    }

    /** Validation and defensive copy. */
    public CheckResult {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(failure, "failure");
        messages = List.copyOf(messages);
    }

    /** @return whether a repair changed something (qemu then checks the image again) */
    public boolean repaired() {
        return corruptionsFixed > 0 || leaksFixed > 0;
    }

    /**
     * qemu-img check's exit code.
     *
     * @return 1 when the check was not completed, 2 corruptions, 3 leaks only, 0 clean
     */
    public int exitCode() {
        if (failure.isPresent() || checkErrors > 0) {
            return 1;
        }
        return corruptions > 0 ? 2 : leaks > 0 ? 3 : 0;
    }
}
