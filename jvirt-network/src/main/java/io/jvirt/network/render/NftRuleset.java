package io.jvirt.network.render;

import io.jvirt.conf.common.Cidr;
import io.jvirt.conf.network.ForwardDef;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.network.NatDef;
import io.jvirt.conf.network.NetworkDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a network's firewall as nftables tables of its own, a pure function of the
 * definition: {@code inet jvirt_BRIDGE} for forwarding and NAT, and {@code bridge
 * jvirt_BRIDGE} for the access VLANs of its ports. jvirt never edits another table:
 * destroying the network deletes its tables and nothing else.
 *
 * <ul>
 *   <li>nat: guests' subnets may go out and replies come back; IPv4 is masqueraded
 *       (or SNATed to the {@code <nat><address>} range), to ports 1024-65535 for TCP/UDP unless
 *       {@code <nat><port>} says otherwise; IPv6 is routed unless {@code <nat ipv6='yes'>};</li>
 *   <li>route: the subnets are forwarded both ways without translation;</li>
 *   <li>isolated (no {@code <forward>}): guests talk to each other and the host only;</li>
 *   <li>open: no inet table; bridge (a host bridge): no table at all.</li>
 * </ul>
 * With {@code <forward dev>}, traffic may only leave by that interface.
 *
 * <p>Access VLANs: every bridge the network owns gets a bridge-family table whose sets
 * name each tagged port with its VLAN id ({@link #vlanPort}). Frames pass between two ports
 * only when both are untagged or both carry the same id, and tagged ports do not reach the
 * host. This gives 802.1Q access-port separation on a bridge without an uplink, needs no
 * kernel VLAN filtering, and costs one set lookup per frame.
 *
 * <p>The script first declares and deletes each table, so loading it replaces a leftover
 * of a crashed start in the same atomic transaction.
 */
public final class NftRuleset {

    private NftRuleset() {
    }

    /**
     * The table name for a network's bridge.
     *
     * @param bridge the bridge device name
     * @return {@code jvirt_} and the bridge name with characters nft does not allow in names replaced by '_'
     */
    public static String tableName(String bridge) {
        return "jvirt_" + bridge.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /**
     * Whether the network gets any table: it owns its bridge.
     *
     * @param def the definition
     * @return true for nat, route, open and isolated networks
     */
    public static boolean needed(NetworkDef def) {
        return def.forwardMode().ownsBridge();
    }

    /**
     * Whether the network gets an inet (forwarding) table.
     *
     * @param def the definition
     * @return true for nat, route and isolated networks
     */
    public static boolean forwarding(NetworkDef def) {
        return switch (def.forward()) {
            case ForwardDef.Nat n -> true;
            case ForwardDef.Route r -> true;
            case ForwardDef.Isolated i -> true;
            case ForwardDef.Open o -> false;
            case ForwardDef.Bridge b -> false;
        };
    }

    /**
     * Renders the {@code nft -f} script that replaces the network's tables: each table is
     * declared, deleted and made anew in one transaction, so leftovers of a crashed run go.
     *
     * @param def the definition, with its bridge name assigned
     * @return the script, or "" when the network needs no table
     */
    public static String render(NetworkDef def) {
        return render(def, true);
    }

    /**
     * Renders the {@code nft -f} script that creates the network's tables, and fails (File
     * exists) if either is there already. The kernel commits it about 15 ms faster than
     * {@link #render}'s, whose deletion inside the transaction waits for a grace period; a
     * start tries this first and replaces only when a table was left over.
     *
     * @param def the definition, with its bridge name assigned
     * @return the script, or "" when the network needs no table
     */
    public static String renderCreate(NetworkDef def) {
        return render(def, false);
    }

    private static String render(NetworkDef def, boolean replace) {
        if (!needed(def)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# jvirt network '").append(def.name().replaceAll("\\p{Cntrl}", "?")).append("' (")
                .append(def.forwardMode().label()).append("), generated; do not edit\n");
        if (forwarding(def)) {
            inet(sb, def, replace);
        }
        vlans(sb, def.bridgeName(), replace);
        return sb.toString();
    }

    /**
     * The bridge-family table: ports listed in {@code vid_of} belong to that VLAN; the
     * forward chain lets a frame out of a port only if it entered through a port of the same
     * VLAN (or both are untagged); tagged ports neither send to nor receive from the host.
     */
    private static void vlans(StringBuilder sb, String bridge, boolean replace) {
        String table = tableName(bridge);
        open(sb, "bridge " + table, replace);
        sb.append("\tmap vid_of {\n\t\ttype ifname : mark\n\t}\n");
        sb.append("\tset tagged {\n\t\ttype ifname\n\t}\n");
        sb.append("\tset port_vid {\n\t\ttype ifname . mark\n\t}\n");
        chain(sb, "forward", "type filter hook forward priority filter; policy accept;", List.of(
                "meta mark set 0",
                "meta mark set iifname map @vid_of",
                "oifname @tagged oifname . meta mark != @port_vid drop",
                "oifname != @tagged meta mark != 0 drop"));
        chain(sb, "input", "type filter hook input priority filter; policy accept;", List.of("iifname @tagged drop"));
        chain(sb, "output", "type filter hook output priority filter; policy accept;", List.of("oifname @tagged drop"));
        sb.append("}\n");
    }

    /** Opens the block of table {@code familyAndName}: after dropping any old one, or as a new one. */
    private static void open(StringBuilder sb, String familyAndName, boolean replace) {
        if (replace) {
            sb.append("table ").append(familyAndName).append('\n');
            sb.append("delete table ").append(familyAndName).append('\n');
            sb.append("table ").append(familyAndName).append(" {\n");
        } else {
            // "create table X { ... }" would make X empty (nft ignores a create's body): create
            // it alone, which fails if it exists, then fill it
            sb.append("create table ").append(familyAndName).append('\n');
            sb.append("table ").append(familyAndName).append(" {\n");
        }
    }

    /**
     * The script that puts a tap into an access VLAN of its network's bridge table, or
     * (with {@code add} false) takes it out again.
     *
     * @param bridge the network's bridge
     * @param tap the tap
     * @param vid the VLAN id
     * @param add true to add, false to delete
     * @return the script for {@code nft -f}
     */
    public static String vlanPort(String bridge, String tap, int vid, boolean add) {
        String op = add ? "add" : "delete";
        String t = "bridge " + tableName(bridge);
        String q = quote(tap);
        return op + " element " + t + " vid_of { " + q + " : " + vid + " }\n"
                + op + " element " + t + " tagged { " + q + " }\n"
                + op + " element " + t + " port_vid { " + q + " . " + vid + " }\n";
    }

    private static void inet(StringBuilder sb, NetworkDef def, boolean replace) {
        String br = quote(def.bridgeName());
        String table = tableName(def.bridgeName());
        String dev = def.forward().dev() == null ? null : quote(def.forward().dev());
        List<String> forward = new ArrayList<>();
        List<String> postrouting = new ArrayList<>();
        forward.add("iifname " + br + " oifname " + br + " accept");
        for (IpDef ip : def.ips()) {
            Cidr subnet = new Cidr(ip.cidr().network(), ip.prefix());
            String family = ip.family() == io.jvirt.conf.common.IpFamily.IPV4 ? "ip" : "ip6";
            switch (def.forward()) {
                case ForwardDef.Nat n -> {
                    boolean translate = family.equals("ip") || n.nat().natIpv6();
                    forward.add("iifname " + br + out(dev) + " " + family + " saddr " + subnet + " accept");
                    forward.add("oifname " + br + in(dev) + " " + family + " daddr " + subnet
                            + (translate ? " ct state established,related" : "") + " accept");
                    if (translate) {
                        postrouting.addAll(nat(family, subnet, dev, n.nat()));
                    }
                }
                case ForwardDef.Route r -> {
                    forward.add("iifname " + br + out(dev) + " " + family + " saddr " + subnet + " accept");
                    forward.add("oifname " + br + in(dev) + " " + family + " daddr " + subnet + " accept");
                }
                case ForwardDef.Isolated i -> { }
                case ForwardDef.Open o -> throw new IllegalStateException("open networks have no table");
                case ForwardDef.Bridge b -> throw new IllegalStateException("bridge networks have no table");
            }
        }
        forward.add("iifname " + br + " reject");
        forward.add("oifname " + br + " reject");

        open(sb, "inet " + table, replace);
        chain(sb, "forward", "type filter hook forward priority filter; policy accept;", forward);
        if (!postrouting.isEmpty()) {
            chain(sb, "postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting);
        }
        sb.append("}\n");
    }

    private static List<String> nat(String family, Cidr subnet, String dev, NatDef nat) {
        List<String> rules = new ArrayList<>();
        String from = family + " saddr " + subnet + " ";
        if (family.equals("ip")) {
            rules.add(from + "ip daddr 224.0.0.0/24 return");
            rules.add(from + "ip daddr 255.255.255.255 return");
        } else {
            rules.add(from + "ip6 daddr ff00::/8 return");
        }
        String match = from + family + " daddr != " + subnet + out(dev);
        String ports = nat.ports() == null ? "1024-65535" : nat.ports().start() + "-" + nat.ports().end();
        if (nat.addresses() != null && family.equals("ip")) {
            NatDef.AddressRange a = nat.addresses();
            String to = a.start().equals(a.end()) ? a.start().toString() : a.start() + "-" + a.end();
            rules.add(match + " meta l4proto { tcp, udp } snat ip to " + to + ":" + ports);
            rules.add(match + " snat ip to " + to);
        } else {
            rules.add(match + " meta l4proto { tcp, udp } masquerade to :" + ports);
            rules.add(match + " masquerade");
        }
        return rules;
    }

    private static String out(String dev) {
        return dev == null ? "" : " oifname " + dev;
    }

    private static String in(String dev) {
        return dev == null ? "" : " iifname " + dev;
    }

    private static void chain(StringBuilder sb, String name, String hook, List<String> rules) {
        sb.append("\tchain ").append(name).append(" {\n");
        sb.append("\t\t").append(hook).append('\n');
        for (String r : rules) {
            sb.append("\t\t").append(r).append('\n');
        }
        sb.append("\t}\n");
    }

    /** Interface names are validated by the model ([A-Za-z0-9_.:-]); quoting keeps nft from reading them as keywords. */
    private static String quote(String ifname) {
        return "\"" + ifname + "\"";
    }
}
