package io.jvirt.api;

/**
 * A running domain's CPU time, all its QEMU's threads together ({@code cpu-stats --total}), in
 * nanoseconds.
 */
public record DomainCpuStats(long cpuTime, long userTime, long systemTime) {
}
