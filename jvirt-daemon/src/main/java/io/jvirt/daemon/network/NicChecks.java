package io.jvirt.daemon.network;

import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.NetDriver;
import io.jvirt.conf.domain.VirtualPort;
import io.jvirt.daemon.host.HostView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a domain's cards need of this host beyond taps and bridges, checked before anything is
 * created: the vhost-net and vhost-vDPA devices, port profiles (Open vSwitch, lldpad, MidoNet,
 * none of which jvirt drives) and the safety of an ethernet card's scripts. Every problem is a
 * whole sentence.
 */
final class NicChecks {

    private NicChecks() {
    }

    static List<String> problems(List<InterfaceDef> cards, HostView host) {
        List<String> out = new ArrayList<>();
        for (InterfaceDef n : cards) {
            String who = "The interface " + n.mac();
            NetDriver d = n.options().driver();
            if (d != null && d.name() == NetDriver.Name.VHOST && !host.devExists("vhost-net")) {
                out.add(who + " asks for the vhost-net back end, but the host has no /dev/vhost-net; load vhost_net "
                        + "(modprobe vhost_net) or use <driver name='qemu'/>.");
            }
            if (n.backend() instanceof NetBackend.Vdpa v && !Files.exists(Path.of(v.dev()))) {
                out.add(who + " uses the vDPA device " + v.dev() + ", which this host does not have (no vhost-vdpa "
                        + "driver or vDPA device is set up); create it with the 'vdpa' tool or use another type.");
            }
            VirtualPort vp = n.options().virtualport();
            if (vp != null) {
                out.add(who + " has a <virtualport> " + switch (vp.type()) {
                    case null -> "without a type";
                    case OPENVSWITCH -> "for Open vSwitch, which " + (onPath("ovs-vsctl")
                            ? "jvirt does not drive (it attaches taps to Linux bridges only)"
                            : "is not installed here (no ovs-vsctl), and jvirt does not drive it");
                    case QBG, QBH -> "of type " + vp.type().xml() + ", which needs lldpad to talk to the switch; "
                            + "jvirt does not run it";
                    case MIDONET -> "for MidoNet, whose agent jvirt does not drive";
                } + "; remove it to start the domain.");
            }
            if (n.backend() instanceof NetBackend.Ethernet) {
                script(who, n.options().script(), out);
                script(who, n.options().downscript(), out);
            }
        }
        return out;
    }

    /**
     * libvirt runs an ethernet card's scripts as root; jvirt runs one only when no one but root
     * can change it: an absolute path to a regular executable file owned by root, writable by no
     * group or other, in a directory that is root's and writable by no group or other.
     */
    private static void script(String who, String path, List<String> out) {
        if (path == null) {
            return;
        }
        Path p = Path.of(path);
        String why = unsafe(p);
        if (why != null) {
            out.add(who + " runs the script " + path + ", which " + why + "; jvirt runs only scripts no one but root "
                    + "can change (owned by root, not group- or world-writable, in such a directory).");
        }
    }

    static String unsafe(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                return "does not exist or is not a regular file";
            }
            if (!Files.isExecutable(p)) {
                return "is not executable";
            }
            for (Path q : List.of(p, p.toAbsolutePath().getParent())) {
                PosixFileAttributes a = Files.readAttributes(q, PosixFileAttributes.class);
                Set<PosixFilePermission> perms = a.permissions();
                if (!a.owner().getName().equals("root")) {
                    return (q == p ? "is" : "sits in a directory") + " owned by " + a.owner().getName();
                }
                if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return (q == p ? "is" : "sits in a directory") + " writable by others than root";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot be inspected (" + e.getMessage() + ")";
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
