package io.jvirt.api;

/** The host's memory ({@code nodememstats}), in KiB, from /proc/meminfo. */
public record NodeMemoryStats(long totalKiB, long freeKiB, long buffersKiB, long cachedKiB) {
}
