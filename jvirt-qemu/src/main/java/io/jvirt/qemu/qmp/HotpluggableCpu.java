package io.jvirt.qemu.qmp;

import java.util.Map;
import java.util.Objects;

/**
 * One CPU slot of the machine as {@code query-hotpluggable-cpus} lists it.
 *
 * @param type the device driver to plug into it, such as {@code qemu64-x86_64-cpu}
 * @param vcpusCount how many vCPUs the slot holds
 * @param props where the slot is ({@code socket-id}, {@code die-id}, {@code core-id}, {@code thread-id}, ...)
 * @param qomPath the plugged CPU's QOM path, or null for an empty slot
 */
public record HotpluggableCpu(String type, int vcpusCount, Map<String, Long> props, String qomPath) {
    /** Copies the properties. */
    public HotpluggableCpu {
        Objects.requireNonNull(type, "type");
        props = Map.copyOf(props);
    }

    /** Whether a CPU is plugged into the slot. */
    public boolean plugged() {
        return qomPath != null;
    }
}
