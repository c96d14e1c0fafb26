package io.jvirt.api;

/**
 * One QMP event of a domain's QEMU as QEMU sent it ({@code qemu-monitor-event}).
 *
 * @param domain the domain's name
 * @param uuid the domain's UUID
 * @param event QEMU's event name ({@code STOP})
 * @param seconds when QEMU emitted it: seconds since the epoch
 * @param micros and microseconds
 * @param details the event's data as JSON text, or null when it had none
 */
public record QemuMonitorEvent(String domain, String uuid, String event, long seconds, int micros, String details) {
}
