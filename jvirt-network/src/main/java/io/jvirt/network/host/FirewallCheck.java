package io.jvirt.network.host;

import io.jvirt.conf.network.ForwardMode;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.network.render.DnsmasqConfig;
import io.jvirt.sys.Command;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for other firewalls on the host that would silently break a network: nftables
 * is a pipeline where a packet accepted by jvirt's table still passes every other table's
 * chain on the same hook, and a drop anywhere is final. So a foreign base chain on the
 * forward hook with policy drop (Docker's, a host firewall's) stops guests from reaching
 * the outside, and one on the input hook stops DHCP and DNS. jvirt does not edit other
 * tables; it says what it found and how to let the network's traffic through.
 */
public final class FirewallCheck {
    private static final Pattern CHAIN = Pattern.compile("\"chain\":\\s*\\{([^{}]*)}");

    private FirewallCheck() {
    }

    /** One base chain as {@code nft -j list chains} reports it. */
    record Chain(String family, String table, String name, String hook, String policy) {
    }

    /**
     * The warnings for a network about to run on this host (one {@code nft -j list chains}).
     *
     * @param def the network, bridge name assigned
     * @return whole-sentence warnings, empty when nothing is in the way
     */
    public static List<String> check(NetworkDef def) {
        Command.Result r;
        try {
            r = Command.run(List.of("nft", "-j", "list", "chains"));
        } catch (UncheckedIOException e) {
            return List.of();
        }
        return r.ok() ? warnings(r.stdout(), def) : List.of();
    }

    /**
     * The warnings for a network given the host's chains, a pure function.
     *
     * @param nftJson the output of {@code nft -j list chains}
     * @param def the network, bridge name assigned
     * @return whole-sentence warnings
     */
    public static List<String> warnings(String nftJson, NetworkDef def) {
        List<String> out = new ArrayList<>();
        if (!def.forwardMode().ownsBridge()) {
            return out;
        }
        String br = def.bridgeName();
        boolean forwards = def.forwardMode() == ForwardMode.NAT || def.forwardMode() == ForwardMode.ROUTE;
        boolean serves = DnsmasqConfig.needed(def);
        for (Chain c : parse(nftJson)) {
            if (c.table().startsWith("jvirt_") || !"drop".equals(c.policy())) {
                continue;
            }
            String where = c.family() + " " + c.table() + " " + c.name();
            if (forwards && "forward".equals(c.hook())) {
                out.add("The host firewall chain '" + where + "' drops forwarded traffic by default, so guests of network "
                        + def.name() + " cannot reach the outside; let the bridge through, for example: nft insert rule "
                        + where + " iifname " + br + " accept; nft insert rule " + where + " oifname " + br + " accept.");
            }
            if (serves && "input".equals(c.hook())) {
                out.add("The host firewall chain '" + where + "' drops incoming traffic by default, so guests of network "
                        + def.name() + " get no DHCP lease or DNS answer; accept them, for example: nft insert rule "
                        + where + " iifname " + br + " udp dport { 53, 67 } accept; nft insert rule " + where
                        + " iifname " + br + " tcp dport 53 accept.");
            }
        }
        return out;
    }

    static List<Chain> parse(String json) {
        List<Chain> out = new ArrayList<>();
        Matcher m = CHAIN.matcher(json);
        while (m.find()) {
            String body = m.group(1);
            out.add(new Chain(field(body, "family"), field(body, "table"), field(body, "name"), field(body, "hook"),
                    field(body, "policy")));
        }
        return out;
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }
}
