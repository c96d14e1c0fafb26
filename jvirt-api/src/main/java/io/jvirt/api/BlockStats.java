package io.jvirt.api;

/**
 * One disk's I/O counters since its QEMU started ({@code domblkstat}), in virsh's names.
 *
 * @param target the guest's device name, or null for the sum over all disks
 */
public record BlockStats(String target, long rdReq, long rdBytes, long wrReq, long wrBytes, long flushOperations,
                         long rdTotalTimes, long wrTotalTimes, long flushTotalTimes) {
}
