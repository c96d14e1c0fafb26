package io.jvirt.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A disk's I/O limits as {@code blkdeviotune} prints and takes them, by libvirt's names
 * ({@code total_bytes_sec}, {@code read_iops_sec_max}, {@code size_iops_sec}, ...); 0 is no limit.
 *
 * @param disk the disk's target
 * @param limits every limit, in libvirt's order
 * @param group the throttle group, or null
 */
public record BlockIoTune(String disk, Map<String, Long> limits, String group) {
    /** Copies the limits, keeping their order. */
    public BlockIoTune {
        limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }
}
