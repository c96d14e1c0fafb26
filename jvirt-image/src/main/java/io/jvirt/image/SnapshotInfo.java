package io.jvirt.image;

/**
 * One internal snapshot of a qcow2 image.
 *
 * @param id snapshot id string
 * @param name snapshot name (tag)
 * @param vmStateSize saved VM state size in bytes
 * @param dateSec creation time, seconds
 * @param dateNsec creation time, nanoseconds part
 * @param vmClockNsec guest clock in nanoseconds
 * @param icount instruction count, or -1 when not recorded
 * @param diskSize virtual disk size at snapshot time, or -1 when not recorded
 */
public record SnapshotInfo(String id, String name, long vmStateSize, long dateSec, long dateNsec,
        long vmClockNsec, long icount, long diskSize) {
}
