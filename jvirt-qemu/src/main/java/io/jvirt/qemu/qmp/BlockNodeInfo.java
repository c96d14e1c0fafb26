package io.jvirt.qemu.qmp;

/**
 * One named block node, from {@code query-named-block-nodes}.
 *
 * @param nodeName its name
 * @param driver its driver ({@code qcow2}, {@code file}, ...)
 * @param filename the file it reads (for a format node: its image's file)
 * @param readOnly whether it is read-only
 * @param backingFile the backing file its image names, or null
 */
public record BlockNodeInfo(String nodeName, String driver, String filename, boolean readOnly, String backingFile) {
}
