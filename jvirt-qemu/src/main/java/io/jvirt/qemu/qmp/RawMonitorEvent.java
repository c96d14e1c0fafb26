package io.jvirt.qemu.qmp;

import java.time.Instant;
import java.util.Objects;

/**
 * A QMP event as QEMU sent it, for {@code qemu-monitor-event}: the one place QEMU's event JSON
 * leaves jvirt-qemu, as text to show a user (like {@code passthrough} for commands).
 *
 * @param name the event name ({@code STOP})
 * @param dataJson the event's {@code data} member as compact JSON, or null when QEMU sent none
 * @param timestamp when QEMU emitted it
 */
public record RawMonitorEvent(String name, String dataJson, Instant timestamp) {
    /** Checks the required parts. */
    public RawMonitorEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
