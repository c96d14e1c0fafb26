package io.jvirt.qemu.qmp;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A drive's I/O limits as {@code block_set_io_throttle} and {@code query-block} name them:
 * {@code bps}, {@code bps_rd}, {@code bps_wr}, {@code iops}, {@code iops_rd}, {@code iops_wr},
 * each also with {@code _max} (burst) and {@code _max_length} (burst seconds), and
 * {@code iops_size}; a limit of 0 is no limit.
 *
 * @param limits the limits by QMP name; absent ones are 0
 * @param group the throttle group shared with other drives, or null
 */
public record IoThrottle(Map<String, Long> limits, String group) {
    /** No limits at all. */
    public static final IoThrottle NONE = new IoThrottle(Map.of(), null);

    /** The six limits {@code block_set_io_throttle} requires. */
    public static final java.util.List<String> REQUIRED = java.util.List.of("bps", "bps_rd", "bps_wr", "iops",
            "iops_rd", "iops_wr");

    /** Copies the limits, sorted by name, leaving out zeros. */
    public IoThrottle {
        Objects.requireNonNull(limits, "limits");
        TreeMap<String, Long> copy = new TreeMap<>();
        limits.forEach((k, v) -> {
            if (v < 0) {
                throw new IllegalArgumentException("The I/O limit " + k + " must not be negative, not " + v + ".");
            }
            if (v != 0) {
                copy.put(k, v);
            }
        });
        limits = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** A limit by QMP name; 0 when it is not set. */
    public long get(String name) {
        return limits.getOrDefault(name, 0L);
    }
}
