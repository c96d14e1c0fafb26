package io.jvirt.qemu.qmp;

/**
 * One disk of a {@code blockdev-snapshot}: the new overlay node goes on top of {@code node},
 * which becomes its backing and read-only for the guest from then on.
 *
 * @param node the node at the top of the disk now
 * @param overlay the new overlay's format node (added without a backing)
 */
public record SnapshotLink(String node, String overlay) {
}
