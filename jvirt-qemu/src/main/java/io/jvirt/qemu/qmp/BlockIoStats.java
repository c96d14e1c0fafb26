package io.jvirt.qemu.qmp;

/**
 * One block backend's I/O counters since QEMU started ({@code query-blockstats}).
 *
 * @param nodeName the node attached to the device (jvirt names it {@code TARGET-fmt}), or null
 * @param qdev the guest device's id or QOM path
 * @param wrHighestOffset the highest offset written in the image file (its protocol node), or
 *     null when QEMU does not know it
 */
public record BlockIoStats(String nodeName, String qdev, long rdBytes, long wrBytes, long rdOps, long wrOps,
                           long flushOps, long rdTotalTimeNs, long wrTotalTimeNs, long flushTotalTimeNs,
                           Long wrHighestOffset) {
}
