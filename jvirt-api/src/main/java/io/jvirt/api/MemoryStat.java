package io.jvirt.api;

/**
 * One memory statistic of a running domain, as {@code dommemstat} prints it.
 *
 * @param tag libvirt's name: actual, swap_in, swap_out, major_fault, minor_fault, unused,
 *     available, usable, last_update, disk_caches, hugetlb_pgalloc, hugetlb_pgfail, rss
 * @param value in KiB for amounts of memory, a count for faults, seconds since the epoch for last_update
 */
public record MemoryStat(String tag, long value) {
}
