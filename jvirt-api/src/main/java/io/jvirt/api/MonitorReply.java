package io.jvirt.api;

/**
 * What QEMU answered to a user's monitor command ({@code qemu-monitor-command}): QMP's whole
 * answer as JSON text, or what a human monitor command printed.
 */
public record MonitorReply(String reply) {
}
