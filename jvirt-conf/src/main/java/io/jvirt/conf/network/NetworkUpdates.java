package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.IpFamily;
import java.util.ArrayList;
import java.util.List;

/** The {@code net-update} style changes of {@link NetworkDef}: adding and removing DHCP and DNS hosts. */
final class NetworkUpdates {

    private NetworkUpdates() {
    }

    static NetworkDef addDhcpHost(NetworkDef net, DhcpDef.DhcpHost host) {
        if (host.ip() == null) {
            throw new ConfException(Kind.MISSING_VALUE, "The DHCP host " + host.describe()
                    + " needs an 'ip' address.");
        }
        IpFamily family = host.ip().family();
        IpDef target = net.dhcpIp(family);
        if (target == null) {
            throw new ConfException(Kind.CONFLICT, "The network '" + net.name() + "' has no "
                    + (family == IpFamily.IPV4 ? "IPv4" : "IPv6") + " <dhcp> block to add the host "
                    + host.describe() + " to.");
        }
        for (DhcpDef.DhcpHost h : target.dhcp().hosts()) {
            String clash = host.mac() != null && host.mac().equals(h.mac()) ? "MAC address " + host.mac()
                    : host.id() != null && host.id().equalsIgnoreCase(String.valueOf(h.id())) ? "client id " + host.id()
                    : host.name() != null && host.name().equalsIgnoreCase(String.valueOf(h.name()))
                    ? "name " + host.name()
                    : host.ip().equals(h.ip()) ? "address " + host.ip() : null;
            if (clash != null) {
                throw new ConfException(Kind.DUPLICATE, "The network '" + net.name()
                        + "' already has a DHCP host with the " + clash + ".");
            }
        }
        List<DhcpDef.DhcpHost> hosts = new ArrayList<>(target.dhcp().hosts());
        hosts.add(host);
        return replace(net, target, target.withDhcp(target.dhcp().withHosts(hosts)));
    }

    static NetworkDef removeDhcpHost(NetworkDef net, DhcpDef.DhcpHost pattern) {
        for (IpDef ip : net.ips()) {
            if (ip.dhcp() == null) {
                continue;
            }
            List<DhcpDef.DhcpHost> hosts = new ArrayList<>(ip.dhcp().hosts());
            for (int i = 0; i < hosts.size(); i++) {
                if (hosts.get(i).matches(pattern)) {
                    hosts.remove(i);
                    return replace(net, ip, ip.withDhcp(ip.dhcp().withHosts(hosts)));
                }
            }
        }
        throw new ConfException(Kind.NOT_FOUND, "The network '" + net.name() + "' has no DHCP host that matches "
                + pattern.describe() + ".");
    }

    private static NetworkDef replace(NetworkDef net, IpDef old, IpDef replacement) {
        List<IpDef> ips = new ArrayList<>(net.ips());
        ips.set(ips.indexOf(old), replacement);
        return net.withIps(ips);
    }

    static NetworkDef addDnsHost(NetworkDef net, DnsDef.DnsHost host) {
        if (host.ip() == null || host.hostnames().isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "A DNS <host> needs an 'ip' attribute and at least one <hostname>.");
        }
        DnsDef dns = net.dns() == null ? new DnsDef(null, null, null, null, null, null) : net.dns();
        if (!dns.enabled()) {
            throw new ConfException(Kind.CONFLICT, "The network '" + net.name()
                    + "' has its DNS server disabled, so it cannot have DNS hosts.");
        }
        for (DnsDef.DnsHost h : dns.hosts()) {
            String clash = host.ip().equals(h.ip()) ? "address " + host.ip() : null;
            for (String n : host.hostnames()) {
                if (clash == null && h.hostnames().stream().anyMatch(n::equalsIgnoreCase)) {
                    clash = "name " + n;
                }
            }
            if (clash != null) {
                throw new ConfException(Kind.DUPLICATE, "The network '" + net.name()
                        + "' already has a DNS host with the " + clash + ".");
            }
        }
        List<DnsDef.DnsHost> hosts = new ArrayList<>(dns.hosts());
        hosts.add(host);
        return net.withDns(dns.withHosts(hosts));
    }

    static NetworkDef removeDnsHost(NetworkDef net, DnsDef.DnsHost pattern) {
        if (net.dns() != null) {
            List<DnsDef.DnsHost> hosts = new ArrayList<>(net.dns().hosts());
            for (int i = 0; i < hosts.size(); i++) {
                if (hosts.get(i).matches(pattern)) {
                    hosts.remove(i);
                    return net.withDns(net.dns().withHosts(hosts));
                }
            }
        }
        String names = String.join(", ", pattern.hostnames());
        String what = pattern.ip() != null ? "the address " + pattern.ip()
                : (pattern.hostnames().size() == 1 ? "the name " : "the names ") + names;
        throw new ConfException(Kind.NOT_FOUND, "The network '" + net.name() + "' has no DNS host with " + what + ".");
    }
}
