package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A disk's {@code <iotune>}: QEMU's I/O throttling. Each limit is a number of bytes or
 * operations per second, or 0 for none; limits are kept by libvirt's element name, in
 * libvirt's order ({@link #NAMES}).
 *
 * @param limits the non-zero limits by element name, such as {@code total_bytes_sec}
 * @param groupName the throttle group shared with other disks, or null
 */
public record IoTune(Map<String, Long> limits, String groupName) {

    /** The limits libvirt writes before {@code <group_name>}, in its order. */
    public static final List<String> BEFORE_GROUP = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max", "size_iops_sec");

    /** The limits libvirt writes after {@code <group_name>}, in its order. */
    public static final List<String> AFTER_GROUP = List.of("total_bytes_sec_max_length", "read_bytes_sec_max_length",
            "write_bytes_sec_max_length", "total_iops_sec_max_length", "read_iops_sec_max_length",
            "write_iops_sec_max_length");

    /** QEMU's largest throttle value (1e15). */
    public static final long QEMU_MAX = 1_000_000_000_000_000L;

    /** Validates the names and the combinations libvirt refuses. */
    public IoTune {
        Map<String, Long> copy = new LinkedHashMap<>();
        for (String n : BEFORE_GROUP) {
            copyOne(limits, n, copy);
        }
        for (String n : AFTER_GROUP) {
            copyOne(limits, n, copy);
        }
        for (String n : limits.keySet()) {
            if (!BEFORE_GROUP.contains(n) && !AFTER_GROUP.contains(n)) {
                throw new ConfException(Kind.UNKNOWN_ELEMENT, "<iotune> has no limit named " + n + ".");
            }
        }
        limits = Collections.unmodifiableMap(copy);
        Checks.noControl(groupName, "The iotune group name");
        for (String kind : List.of("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max")) {
            if (limits.containsKey("total_" + kind)
                    && (limits.containsKey("read_" + kind) || limits.containsKey("write_" + kind))) {
                throw new ConfException(Kind.CONFLICT, "<iotune> cannot set total_" + kind + " together with read_"
                        + kind + " or write_" + kind + ".");
            }
        }
        for (Map.Entry<String, Long> e : limits.entrySet()) {
            if (e.getValue() > QEMU_MAX) {
                throw new ConfException(Kind.INVALID_VALUE, "The iotune limit " + e.getKey() + " is " + e.getValue()
                        + "; QEMU takes at most " + QEMU_MAX + ".");
            }
        }
    }

    private static void copyOne(Map<String, Long> from, String name, Map<String, Long> to) {
        Long v = from.get(name);
        if (v != null && v != 0) {
            to.put(name, v);
        }
    }

    /** Returns whether any limit is set. */
    public boolean hasLimits() {
        return !limits.isEmpty();
    }

    /**
     * Returns a copy with the limits of another tune (a group member's), keeping this group name.
     *
     * @param other the tune whose limits to take
     * @return the copy
     */
    public IoTune withLimitsOf(IoTune other) {
        return new IoTune(other.limits, groupName);
    }

    /**
     * Returns one limit.
     *
     * @param name libvirt's element name
     * @return the limit, or 0 when unset
     */
    public long get(String name) {
        return Objects.requireNonNullElse(limits.get(name), 0L);
    }

    /** Returns whether two disks' limits agree, as disks of one group must. */
    public boolean sameLimits(IoTune other) {
        return other != null && limits.equals(other.limits);
    }
}
