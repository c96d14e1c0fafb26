package io.jvirt.api;

/**
 * The host's processor time since boot ({@code nodecpustats}), in nanoseconds, of all
 * processors or of one.
 *
 * @param cpu the processor, or -1 for all of them
 */
public record NodeCpuStats(int cpu, long user, long system, long idle, long iowait) {
}
