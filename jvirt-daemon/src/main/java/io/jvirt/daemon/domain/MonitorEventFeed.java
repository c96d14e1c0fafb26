package io.jvirt.daemon.domain;

import io.jvirt.api.QemuMonitorEvent;
import io.jvirt.daemon.Topic;
import io.jvirt.qemu.qmp.RawMonitorEvent;

/**
 * Every running domain's QMP events as QEMU sent them, for {@code qemu-monitor-event}
 * ({@code GET /v1/events/qemu-monitor}): the runner taps each QEMU it starts or finds again, and
 * the event thread publishes here without blocking (subscribers only queue).
 */
public final class MonitorEventFeed {
    private final Topic<QemuMonitorEvent> topic = new Topic<>();

    /** The stream subscribers follow. */
    public Topic<QemuMonitorEvent> topic() {
        return topic;
    }

    /** Publishes one event of {@code obj}'s QEMU (its monitor's event thread). */
    void publish(DomainObj obj, RawMonitorEvent e) {
        topic.publish(new QemuMonitorEvent(obj.name(), obj.uuid().toString(), e.name(),
                e.timestamp().getEpochSecond(), e.timestamp().getNano() / 1000, e.dataJson()));
    }
}
