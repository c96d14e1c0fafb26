package io.jvirt.network;

import io.jvirt.network.NetworkException.Kind;
import io.jvirt.network.host.HostInterfaces;
import io.jvirt.network.host.HostTools;
import io.jvirt.network.render.LinkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host side of guest cards that sit on no bridge: macvtaps, plain taps, SR-IOV VF
 * settings, tap coalescing. Each change is a {@link LinkPlan} applied by {@link HostTools}; a
 * failed creation removes what it made.
 */
public final class GuestLinks {

    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final Path DEV = Path.of("/dev");

    /**
     * Creates a macvtap over a host interface.
     *
     * @param name the macvtap's name
     * @param lower the host interface
     * @param mode vepa, bridge, private or passthrough
     * @param mac the guest card's MAC address
     * @param mtu the MTU, or null
     * @throws NetworkException when the host interface is missing or the kernel refuses
     */
    public void plugMacvtap(String name, String lower, String mode, String mac, Integer mtu) {
        if (!HostInterfaces.exists(lower)) {
            throw new NetworkException(Kind.CONFLICT, "The host interface " + lower + " of a direct (macvtap) "
                    + "interface does not exist; fix <source dev>.");
        }
        try {
            HostTools.ip(LinkPlan.macvtap(name, lower, mode, mac, mtu), "Creating macvtap " + name + " on " + lower);
        } catch (RuntimeException e) {
            unplug(name);
            throw e;
        }
    }

    /**
     * Returns the character device QEMU gets a macvtap through: {@code /dev/tapN}, N the macvtap's
     * interface index. The node is checked to be this macvtap's (devtmpfs names nodes by index,
     * which is only unique within one network namespace).
     *
     * @param name the macvtap
     * @return the node
     * @throws NetworkException when the node is missing or belongs to another device
     */
    public Path macvtapDevice(String name) {
        try {
            String index = Files.readString(SYS_NET.resolve(name).resolve("ifindex")).strip();
            String devNumbers = Files.readString(SYS_NET.resolve(name).resolve("macvtap/tap" + index + "/dev")).strip();
            Path node = DEV.resolve("tap" + index);
            if (!Files.exists(node)) {
                throw new NetworkException(Kind.HOST_FAILURE, "The macvtap " + name + " has no device node " + node
                        + "; is devtmpfs mounted on /dev?");
            }
            long rdev = ((Number) Files.getAttribute(node, "unix:rdev")).longValue();
            String[] mm = devNumbers.split(":");
            long major = Long.parseLong(mm[0]);
            long minor = Long.parseLong(mm[1]);
            if (((rdev >> 8) & 0xfff) != major || ((rdev & 0xff) | ((rdev >> 12) & 0xfff00)) != minor) {
                throw new NetworkException(Kind.CONFLICT, "The device node " + node + " belongs to another macvtap "
                        + "(another network namespace has one with interface index " + index + "); give the "
                        + "interface a target dev name that gets another index, or stop the other one.");
            }
            return node;
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot find the device node of macvtap " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates a tap on no bridge with its host addresses and routes.
     *
     * @param tap the tap's name
     * @param mtu the MTU, or null
     * @param multiQueue whether it gets several queues
     * @param addresses the host addresses
     * @param routes the routes through it
     */
    public void plugEthernet(String tap, Integer mtu, boolean multiQueue, List<LinkPlan.Address> addresses,
                             List<LinkPlan.Route> routes) {
        try {
            HostTools.ip(LinkPlan.ethernet(tap, mtu, multiQueue, addresses, routes), "Creating tap " + tap);
        } catch (RuntimeException e) {
            unplug(tap);
            throw e;
        }
    }

    /**
     * Sets a tap's receive frame coalescing.
     *
     * @param dev the device
     * @param frames frames per interrupt
     */
    public void coalesce(String dev, int frames) {
        HostTools.run(LinkPlan.coalesce(dev, frames), "Setting the coalescing of " + dev);
    }

    /**
     * Sets an SR-IOV VF's MAC address and VLAN.
     *
     * @param pf the physical function's interface
     * @param vf the VF number
     * @param mac the MAC address
     * @param vlan the VLAN, or null
     */
    public void setVirtualFunction(String pf, int vf, String mac, Integer vlan) {
        HostTools.ip(LinkPlan.virtualFunction(pf, vf, mac, vlan), "Setting the MAC address of VF " + vf + " of " + pf);
    }

    /**
     * Removes a macvtap or tap if it exists.
     *
     * @param name the device
     */
    public void unplug(String name) {
        if (HostInterfaces.exists(name)) {
            HostTools.ipForce(List.of("link del dev " + name));
        }
    }
}
