package io.jvirt.qemu.qmp;

/**
 * The image behind one block device, as QEMU has it open ({@code query-block}).
 *
 * @param nodeName the top node's name (jvirt names it {@code TARGET-fmt})
 * @param qdev the guest device's id or QOM path
 * @param file the image file
 * @param format the image format (qcow2, raw, ...)
 * @param virtualSize what the guest sees, in bytes
 * @param actualSize the bytes the image file takes on the host, or null when QEMU cannot tell
 */
public record BlockImageSize(String nodeName, String qdev, String file, String format, long virtualSize,
                             Long actualSize) {
}
