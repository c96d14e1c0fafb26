package io.jvirt.network.render;

import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.VlanDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the host side of one guest network card: a persistent tap device enslaved to a
 * bridge, its VLAN membership on a VLAN-filtering (802.1Q) bridge, and its bandwidth
 * limits as tc queueing disciplines. A pure function; the device is removed again with one {@code ip
 * link del}, which also drops its VLAN entries and qdiscs.
 */
public final class TapPlan {

    private TapPlan() {
    }

    /**
     * The plan for one tap.
     *
     * @param tap the tap device name
     * @param bridge the bridge to attach it to
     * @param mtu the MTU to set, or null to keep the bridge's
     * @param vlan the VLAN setting, or null for the bridge's default (untagged VLAN 1)
     * @param bandwidth the limits, or null
     * @return the command lines
     */
    public static HostPlan plug(String tap, String bridge, Integer mtu, VlanDef vlan, BandwidthDef bandwidth) {
        return plug(tap, bridge, mtu, vlan, bandwidth, Port.PLAIN);
    }

    /**
     * How a guest's tap joins its bridge, beyond VLANs and bandwidth.
     *
     * @param multiQueue whether the tap gets several queues ({@code multi_queue}), for a virtio card
     *     with {@code <driver queues>}
     * @param isolated whether the bridge port is isolated ({@code <port isolated='yes'/>}): it then
     *     forwards only to ports that are not isolated
     */
    public record Port(boolean multiQueue, boolean isolated) {
        /** One queue, not isolated. */
        public static final Port PLAIN = new Port(false, false);
    }

    /**
     * The plan for one tap, with the port settings of the guest's card.
     *
     * @param tap the tap device name
     * @param bridge the bridge to attach it to
     * @param mtu the MTU to set, or null to keep the bridge's
     * @param vlan the VLAN setting, or null for the bridge's default (untagged VLAN 1)
     * @param bandwidth the limits, or null
     * @param port queues and isolation
     * @return the command lines
     */
    public static HostPlan plug(String tap, String bridge, Integer mtu, VlanDef vlan, BandwidthDef bandwidth,
                                Port port) {
        boolean multiQueue = port.multiQueue();
        List<String> ip = new ArrayList<>();
        ip.add("tuntap add dev " + tap + " mode tap" + (multiQueue ? " multi_queue" : ""));
        if (mtu != null) {
            ip.add("link set dev " + tap + " mtu " + mtu);
        }
        ip.add("link set dev " + tap + " master " + bridge);
        ip.add("link set dev " + tap + " up");
        if (bandwidth != null && bandwidth.outbound() != null && bandwidth.outbound().average() != null) {
            ip.add("link add name " + ifb(tap) + " type ifb");
            ip.add("link set dev " + ifb(tap) + " up");
        }
        List<String> br = new ArrayList<>();
        if (vlan != null) {
            br.add("vlan del dev " + tap + " vid 1");
            VlanDef.Tag nativeTag = vlan.nativeTag();
            for (VlanDef.Tag t : vlan.tags()) {
                String line = "vlan add dev " + tap + " vid " + t.id();
                if (!vlan.trunk()) {
                    line += " pvid untagged";
                } else if (t == nativeTag) {
                    line += t.nativeMode() == VlanDef.NativeMode.UNTAGGED ? " pvid untagged" : " pvid";
                }
                br.add(line);
            }
        }
        if (port.isolated()) {
            br.add("link set dev " + tap + " isolated on");
        }
        return new HostPlan(ip, br, bandwidth == null ? List.of() : tc(tap, bandwidth));
    }

    /**
     * The plan that gives an existing tap other limits ({@code domiftune}): its IFB device
     * when outbound traffic is limited, and the shaping lines. Clear the old shaping first with
     * {@link #unshape}.
     *
     * @param tap the tap
     * @param bandwidth the new limits, or null for none
     * @return the command lines
     */
    public static HostPlan reshape(String tap, BandwidthDef bandwidth) {
        List<String> ip = new ArrayList<>();
        if (bandwidth != null && bandwidth.outbound() != null && bandwidth.outbound().average() != null) {
            ip.add("link add name " + ifb(tap) + " type ifb");
            ip.add("link set dev " + ifb(tap) + " up");
        }
        return new HostPlan(ip, List.of(), bandwidth == null ? List.of() : tc(tap, bandwidth));
    }

    /**
     * The lines that take a tap's shaping away: its root and ingress qdiscs (for
     * {@code tc -force -batch}) and its IFB device (for {@code ip -force -batch}); lines about
     * what is not there fail harmlessly.
     *
     * @param tap the tap
     * @return the tc lines and the ip lines
     */
    public static HostPlan unshape(String tap) {
        return new HostPlan(List.of("link del dev " + ifb(tap)), List.of(),
                List.of("qdisc del dev " + tap + " root", "qdisc del dev " + tap + " ingress"));
    }

    /** The lines that remove the tap and its ingress shaping device (for {@code ip -force -batch}). */
    public static List<String> unplug(String tap) {
        return List.of("link del dev " + tap, "link del dev " + ifb(tap));
    }

    /**
     * The intermediate functional block device that shapes a tap's incoming (guest-sent)
     * traffic: {@code jvi} and the tap name, cut to the 15 characters a device name may have.
     *
     * @param tap the tap name
     * @return the device name
     */
    public static String ifb(String tap) {
        String n = "jvi" + tap;
        return n.length() <= 15 ? n : n.substring(0, 15);
    }

    /**
     * libvirt's mapping: inbound (towards the guest) leaves the host through the tap, so it
     * is shaped by an HTB class on the tap's root; outbound (from the guest) enters through
     * the tap, so it is redirected to an IFB device and shaped by an HTB class there. (libvirt
     * polices ingress instead, which needs the act_police module that not every kernel has;
     * shaping also treats bursts more kindly.) tc's {@code kbps} is kilobytes per second and
     * {@code kb} kilobytes, libvirt's units.
     */
    private static List<String> tc(String tap, BandwidthDef bw) {
        List<String> tc = new ArrayList<>();
        BandwidthDef.Rate in = bw.inbound();
        if (in != null && in.average() != null) {
            htb(tc, tap, in);
        }
        BandwidthDef.Rate out = bw.outbound();
        if (out != null && out.average() != null) {
            tc.add("qdisc add dev " + tap + " ingress");
            tc.add("filter add dev " + tap + " parent ffff: protocol all u32 match u32 0 0 action mirred egress "
                    + "redirect dev " + ifb(tap));
            htb(tc, ifb(tap), out);
        }
        return tc;
    }

    private static void htb(List<String> tc, String dev, BandwidthDef.Rate rate) {
        tc.add("qdisc add dev " + dev + " root handle 1: htb default 1");
        StringBuilder cls = new StringBuilder("class add dev " + dev + " parent 1: classid 1:1 htb rate "
                + rate.average() + "kbps");
        if (rate.peak() != null) {
            cls.append(" ceil ").append(rate.peak()).append("kbps");
        }
        if (rate.burst() != null) {
            cls.append(" burst ").append(rate.burst()).append("kb");
        }
        tc.add(cls.toString());
    }
}
