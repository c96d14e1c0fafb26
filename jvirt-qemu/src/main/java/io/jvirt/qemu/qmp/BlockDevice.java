package io.jvirt.qemu.qmp;

/**
 * A guest block device with its medium, from {@code query-block}.
 *
 * @param qdev the device's id or QOM path (such as {@code ua-disk0} or {@code /machine/peripheral/virtio-disk0/virtio-backend})
 * @param nodeName the node at the top of its chain (the one the guest writes), or null for an empty drive
 * @param filename the top image's file, or null
 */
public record BlockDevice(String qdev, String nodeName, String filename) {
}
