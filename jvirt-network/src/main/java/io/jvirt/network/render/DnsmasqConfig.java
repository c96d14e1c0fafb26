package io.jvirt.network.render;

import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.network.DhcpDef;
import io.jvirt.conf.network.DnsDef;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.network.NetworkDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a network's dnsmasq configuration and its two hosts files, pure functions of
 * the definition. The static DHCP hosts and DNS hosts live in files of their own so that
 * {@code net-update} changes them with a rewrite and a SIGHUP, without a restart.
 *
 * <p>dnsmasq binds only to the network's bridge ({@code bind-dynamic}, {@code
 * except-interface=lo}) and is authoritative for DHCP on it, like libvirt's.
 */
public final class DnsmasqConfig {

    private DnsmasqConfig() {
    }

    /**
     * Whether the network needs a dnsmasq: it owns its bridge, has an address, and serves
     * DNS, DHCP or TFTP (a {@code <tftp root>} alone needs one even with DNS off, as in libvirt).
     *
     * @param def the definition
     * @return true when a dnsmasq must run
     */
    public static boolean needed(NetworkDef def) {
        return def.forwardMode().ownsBridge() && !def.ips().isEmpty()
                && (def.dnsEnabled() || def.ips().stream().anyMatch(ip -> ip.hasDhcp() || raOnly(ip) || tftp(ip)));
    }

    /** TFTP is IPv4 only; the model allows one {@code <tftp>} per network. */
    private static boolean tftp(IpDef ip) {
        return ip.family() == IpFamily.IPV4 && ip.tftpRoot() != null;
    }

    /**
     * An IPv6 subnet without DHCP gets router advertisements only, so that guests configure
     * themselves (SLAAC), as libvirt does; SLAAC needs a /64, and dnsmasq refuses RA on others.
     */
    static boolean raOnly(IpDef ip) {
        return ip.family() == IpFamily.IPV6 && ip.dhcp() == null && ip.prefix() == 64;
    }

    /**
     * The configuration file.
     *
     * @param def the definition, with its bridge name assigned
     * @param files where the files go
     * @param user the user and group dnsmasq drops to, who must be able to read the hosts files
     * @return the text
     */
    public static String render(NetworkDef def, DnsmasqFiles files, DnsmasqUser user) {
        List<String> c = new ArrayList<>();
        c.add("# jvirt network '" + def.name().replaceAll("\\p{Cntrl}", "?") + "', generated; do not edit.");
        c.add("# Changes come from the network definition: jvirt net-edit / net-update.");
        c.add("strict-order");
        c.add("pid-file=" + files.pid());
        c.add("user=" + user.user());
        c.add("group=" + user.group());
        c.add("except-interface=lo");
        c.add("bind-dynamic");
        c.add("interface=" + def.bridgeName());
        c.add("log-facility=" + files.log());
        DnsDef dns = def.dns();
        if (!def.dnsEnabled()) {
            c.add("port=0");
        } else {
            if (def.domain() != null) {
                c.add("domain=" + def.domain().name());
                if (Boolean.TRUE.equals(def.domain().localOnly())) {
                    c.add("local=/" + def.domain().name() + "/");
                }
                c.add("expand-hosts");
            }
            if (dns != null && Boolean.FALSE.equals(dns.forwardPlainNames())) {
                c.add("domain-needed");
                c.add("local=//");
            }
            if (dns != null) {
                boolean anyAddr = false;
                for (DnsDef.Forwarder f : dns.forwarders()) {
                    if (f.domain() != null && f.addr() != null) {
                        c.add("server=/" + f.domain() + "/" + f.addr());
                    } else if (f.domain() != null) {
                        c.add("server=/" + f.domain() + "/#");
                    } else {
                        c.add("server=" + f.addr());
                        anyAddr = true;
                    }
                }
                if (anyAddr) {
                    c.add("no-resolv");
                }
                for (DnsDef.SrvRecord s : dns.srvs()) {
                    c.add(srv(s, def));
                }
                for (DnsDef.TxtRecord t : dns.txts()) {
                    c.add("txt-record=" + t.name() + "," + t.value());
                }
            }
            c.add("addn-hosts=" + files.dnsHosts());
        }
        boolean anyDhcp = false;
        boolean ra = false;
        long pool = 0;
        for (IpDef ip : def.ips()) {
            DhcpDef dhcp = ip.dhcp();
            if (raOnly(ip)) {
                c.add("dhcp-range=" + ip.cidr().network() + ",ra-only," + ip.prefix());
                ra = true;
            }
            if (ip.family() == IpFamily.IPV6 && dhcp != null) {
                ra = true;
            }
            if (tftp(ip)) {
                // before the DHCP lines, as libvirt writes it; a TFTP root works without DHCP too
                c.add("enable-tftp");
                c.add("tftp-root=" + ip.tftpRoot());
            }
            if (!ip.hasDhcp()) {
                // a <dhcp> holding only <bootp> serves nothing, as in libvirt
                continue;
            }
            anyDhcp = true;
            boolean v4 = ip.family() == IpFamily.IPV4;
            for (DhcpDef.DhcpRange r : dhcp.ranges()) {
                String mask = v4 ? ip.cidr().netmask().toString() : Integer.toString(ip.prefix());
                c.add("dhcp-range=" + r.start() + "," + r.end() + "," + mask + lease(r.lease()));
                pool += size(r);
            }
            if (dhcp.ranges().isEmpty() && !dhcp.hosts().isEmpty()) {
                // static hosts only: a range in static mode lets dnsmasq answer them
                c.add("dhcp-range=" + ip.cidr().network() + ",static" + (v4 ? "" : "," + ip.prefix()));
            }
            if (v4 && dhcp.bootp() != null) {
                c.add("dhcp-boot=" + dhcp.bootp().file() + (dhcp.bootp().server() == null ? ""
                        : ",," + dhcp.bootp().server()));
            }
            if (v4 && def.forwardMode() == io.jvirt.conf.network.ForwardMode.ISOLATED) {
                // like libvirt: an isolated network offers no router, so guests keep their own default route
                c.add("dhcp-option=3");
            }
        }
        if (ra) {
            c.add("enable-ra");
        }
        if (anyDhcp) {
            c.add("dhcp-no-override");
            c.add("dhcp-authoritative");
            c.add("dhcp-lease-max=" + Math.max(1, Math.min(pool, 1L << 24)));
            c.add("dhcp-hostsfile=" + files.dhcpHosts());
            c.add("dhcp-leasefile=" + files.leases());
        }
        return String.join("\n", c) + "\n";
    }

    /**
     * The {@code dhcp-hostsfile}: one line per static host, {@code mac,ip,name[,lease]} for
     * IPv4 and {@code id:DUID,[ip],name} for IPv6.
     *
     * @param def the definition
     * @return the text
     */
    public static String dhcpHosts(NetworkDef def) {
        StringBuilder sb = new StringBuilder();
        for (IpDef ip : def.ips()) {
            if (ip.dhcp() == null) {
                continue;
            }
            boolean v4 = ip.family() == IpFamily.IPV4;
            for (DhcpDef.DhcpHost h : ip.dhcp().hosts()) {
                List<String> f = new ArrayList<>();
                if (h.mac() != null) {
                    f.add(h.mac());
                }
                if (h.id() != null) {
                    f.add("id:" + h.id());
                }
                if (h.ip() != null) {
                    f.add(v4 ? h.ip().toString() : "[" + h.ip() + "]");
                }
                if (h.name() != null) {
                    f.add(h.name());
                }
                String lease = lease(h.lease());
                sb.append(String.join(",", f)).append(lease).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The {@code addn-hosts} file: {@code ip name...} per DNS host.
     *
     * @param def the definition
     * @return the text
     */
    public static String dnsHosts(NetworkDef def) {
        StringBuilder sb = new StringBuilder();
        if (def.dns() != null) {
            for (DnsDef.DnsHost h : def.dns().hosts()) {
                sb.append(h.ip());
                for (String n : h.hostnames()) {
                    sb.append(' ').append(n);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Addresses in a range, capped at 2^24 (IPv6 ranges can be astronomically large). */
    private static long size(DhcpDef.DhcpRange r) {
        long cap = 1L << 24;
        if (r.start().high() != r.end().high()) {
            return cap;
        }
        long diff = r.end().low() - r.start().low();
        return diff < 0 || diff >= cap ? cap : diff + 1;
    }

    private static String lease(DhcpDef.LeaseDef lease) {
        if (lease == null) {
            return "";
        }
        return lease.infinite() ? ",infinite" : "," + lease.seconds() + "s";
    }

    private static String srv(DnsDef.SrvRecord s, NetworkDef def) {
        String domain = s.domain() != null ? s.domain() : def.domain() != null ? def.domain().name() : null;
        StringBuilder sb = new StringBuilder("srv-host=_").append(s.service()).append("._").append(s.protocol());
        if (domain != null) {
            sb.append('.').append(domain);
        }
        if (s.target() != null) {
            sb.append(',').append(s.target());
            if (s.port() != null) {
                sb.append(',').append(s.port());
                if (s.priority() != null) {
                    sb.append(',').append(s.priority());
                    if (s.weight() != null) {
                        sb.append(',').append(s.weight());
                    }
                }
            }
        }
        return sb.toString();
    }
}
