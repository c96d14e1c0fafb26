package io.jvirt.network.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the host side of guest cards that sit on no bridge: a macvtap over a host interface
 * ({@code type='direct'}), a plain tap with host addresses and routes ({@code type='ethernet'}),
 * the MAC address and VLAN of an SR-IOV VF ({@code type='hostdev'}), and a tap's receive
 * coalescing. Pure functions returning {@code ip -batch} lines (or {@code ethtool} arguments).
 */
public final class LinkPlan {

    private LinkPlan() {
    }

    /**
     * A host address of an ethernet tap.
     *
     * @param address the address
     * @param prefix the prefix length, or null
     * @param peer the point-to-point peer, or null
     */
    public record Address(String address, Integer prefix, String peer) {
    }

    /**
     * A route through an ethernet tap.
     *
     * @param destination the network
     * @param prefix its prefix length, or null
     * @param gateway the gateway
     * @param metric the metric, or null
     */
    public record Route(String destination, Integer prefix, String gateway, Integer metric) {
    }

    /**
     * A macvtap device over a host interface, with the guest card's MAC address.
     *
     * @param name the macvtap's name
     * @param lower the host interface
     * @param mode vepa, bridge, private or passthrough
     * @param mac the guest card's MAC address
     * @param mtu the MTU, or null for the lower device's
     * @return the lines
     */
    public static List<String> macvtap(String name, String lower, String mode, String mac, Integer mtu) {
        List<String> ip = new ArrayList<>();
        ip.add("link add link " + lower + " name " + name + " address " + mac + " type macvtap mode " + mode);
        if (mtu != null) {
            ip.add("link set dev " + name + " mtu " + mtu);
        }
        ip.add("link set dev " + name + " up");
        return ip;
    }

    /**
     * A tap on no bridge, with its host addresses and routes.
     *
     * @param tap the tap's name
     * @param mtu the MTU, or null
     * @param multiQueue whether the tap has several queues
     * @param addresses the host addresses
     * @param routes the routes through it
     * @return the lines
     */
    public static List<String> ethernet(String tap, Integer mtu, boolean multiQueue, List<Address> addresses,
                                        List<Route> routes) {
        List<String> ip = new ArrayList<>();
        ip.add("tuntap add dev " + tap + " mode tap" + (multiQueue ? " multi_queue" : ""));
        if (mtu != null) {
            ip.add("link set dev " + tap + " mtu " + mtu);
        }
        ip.add("link set dev " + tap + " up");
        for (Address a : addresses) {
            // with a peer, the prefix is the peer's network (IFA_ADDRESS), as libvirt sets it
            String prefix = a.prefix() == null ? "" : "/" + a.prefix();
            ip.add("addr add " + (a.peer() == null ? a.address() + prefix : a.address() + " peer " + a.peer() + prefix)
                    + " dev " + tap);
        }
        for (Route r : routes) {
            ip.add("route add " + r.destination() + (r.prefix() == null ? "" : "/" + r.prefix()) + " via "
                    + r.gateway() + " dev " + tap + (r.metric() == null ? "" : " metric " + r.metric()));
        }
        return ip;
    }

    /**
     * The MAC address and access VLAN of an SR-IOV VF, set through its physical function.
     *
     * @param pf the physical function's interface
     * @param vf the VF number
     * @param mac the MAC address
     * @param vlan the VLAN id, or null for none (0)
     * @return the lines
     */
    public static List<String> virtualFunction(String pf, int vf, String mac, Integer vlan) {
        return List.of("link set dev " + pf + " vf " + vf + " mac " + mac + " vlan " + (vlan == null ? 0 : vlan));
    }

    /**
     * The {@code ethtool} arguments that set a tap's receive frame coalescing.
     *
     * @param dev the device
     * @param frames the frames per interrupt
     * @return the argument list
     */
    public static List<String> coalesce(String dev, int frames) {
        return List.of("ethtool", "-C", dev, "rx-frames", Integer.toString(frames));
    }
}
