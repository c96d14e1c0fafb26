package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One asynchronous QMP event, such as {@code SHUTDOWN}, {@code STOP} or {@code RESUME}.
 *
 * @param name the event name as QEMU spells it
 * @param data the event's {@code data} member; an empty object when QEMU sent none, never null
 * @param timestamp when QEMU emitted the event (host clock, microsecond precision)
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
    /** Checks that every part is present. */
    public QmpEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
