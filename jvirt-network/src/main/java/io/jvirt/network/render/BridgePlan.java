package io.jvirt.network.render;

import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.network.NetworkDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the bridge of a network that owns one (nat, route, open, isolated): the device
 * with its STP, forward delay, MAC and MTU, and the addresses of its {@code <ip>} elements.
 * (Access VLANs of its ports are enforced by the network's bridge-family nftables table,
 * see {@link NftRuleset}.) A pure function; the bridge
 * is removed again with one {@code ip link del}.
 */
public final class BridgePlan {

    private BridgePlan() {
    }

    /**
     * The plan that creates the bridge.
     *
     * @param def the definition, with its bridge name assigned
     * @return the lines for {@code ip -batch}
     */
    public static HostPlan create(NetworkDef def) {
        String br = def.bridgeName();
        List<String> ip = new ArrayList<>();
        boolean stp = def.bridge() == null || def.bridge().stp() == null || def.bridge().stp();
        int delay = def.bridge() == null || def.bridge().delay() == null ? 0 : def.bridge().delay();
        ip.add("link add name " + br + " type bridge stp_state " + (stp ? 1 : 0) + " forward_delay " + delay * 100);
        if (def.mac() != null) {
            ip.add("link set dev " + br + " address " + def.mac());
        }
        if (def.mtu() != null) {
            ip.add("link set dev " + br + " mtu " + def.mtu());
        }
        for (IpDef a : def.ips()) {
            if (a.family() == IpFamily.IPV4) {
                ip.add("address add " + a.cidr() + " broadcast " + a.cidr().last() + " dev " + br);
            } else {
                ip.add("address add " + a.cidr() + " dev " + br + " nodad");
            }
        }
        ip.add("link set dev " + br + " up");
        return new HostPlan(ip, List.of(), List.of());
    }

    /** The lines that remove the bridge (for {@code ip -force -batch}). */
    public static List<String> destroy(String bridge) {
        return List.of("link del dev " + bridge);
    }
}
