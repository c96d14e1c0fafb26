package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.QemuMonitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a running domain's disks are in QEMU's block graph: the format node of each image,
 * found by its file (so it holds after runtime overlays and a daemon restart, with nothing
 * kept but the live definition), and names for nodes added at run time.
 */
final class BlockGraph {
    /** Protocol drivers: their nodes sit under the format nodes and are never a disk's top. */
    private static final Set<String> PROTOCOLS = Set.of("file", "host_device", "host_cdrom");

    private final List<BlockNodeInfo> nodes;

    private BlockGraph(List<BlockNodeInfo> nodes) {
        this.nodes = nodes;
    }

    /** The graph as QEMU reports it now. */
    static BlockGraph of(QemuMonitor monitor) {
        return new BlockGraph(monitor.queryNamedBlockNodes());
    }

    /** The format node of the image in {@code path}, or null when QEMU has no such image open. */
    String formatNode(String path) {
        for (BlockNodeInfo n : nodes) {
            if (!PROTOCOLS.contains(n.driver()) && path.equals(n.filename())) {
                return n.nodeName();
            }
        }
        return null;
    }

    /** The protocol node of {@code path}, or null. */
    String fileNode(String path) {
        for (BlockNodeInfo n : nodes) {
            if (PROTOCOLS.contains(n.driver()) && path.equals(n.filename())) {
                return n.nodeName();
            }
        }
        return null;
    }

    /** Whether a node of that name exists. */
    boolean has(String nodeName) {
        return nodes.stream().anyMatch(n -> n.nodeName().equals(nodeName));
    }

    /**
     * The top format node of each disk of the live definition that has a local image, by
     * target; a disk whose image QEMU does not have open is missing from the map.
     */
    Map<String, String> tops(DomainDef live) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DiskDef d : live.devices().disks()) {
            String path = d.localPath();
            if (path != null && !d.isEmpty()) {
                String node = formatNode(path);
                if (node != null) {
                    out.put(d.target().dev(), node);
                }
            }
        }
        return out;
    }
}
