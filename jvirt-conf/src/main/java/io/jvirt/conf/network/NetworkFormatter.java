package io.jvirt.conf.network;

import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link NetworkDef} as libvirt network XML, in libvirt's element order. */
final class NetworkFormatter {

    private NetworkFormatter() {
    }

    /** Formats {@code def}; nothing in a network is secret yet, so {@code secrets} changes nothing. */
    static String format(NetworkDef def, Secrets secrets) {
        XmlOut n = XmlOut.element("network").attr("connections", def.connections())
                .attr("ipv6", def.ipv6() ? "yes" : null);
        n.textChild("name", def.name());
        n.textChild("uuid", def.uuid());
        n.textChild("title", def.title());
        n.textChild("description", def.description());
        n.child(CommonXml.metadata(def.metadata()));
        n.child(forward(def.forward()));
        BridgeDef b = def.bridge();
        if (b != null) {
            n.child(XmlOut.element("bridge").attr("name", b.name()).onOff("stp", b.stp()).attr("delay", b.delay())
                    .attr("macTableManager", b.macTableManager()));
        }
        if (def.mtu() != null) {
            n.child(XmlOut.element("mtu").attr("size", def.mtu()));
        }
        if (def.mac() != null) {
            n.child(XmlOut.element("mac").attr("address", def.mac()));
        }
        if (def.domain() != null) {
            n.child(XmlOut.element("domain").attr("name", def.domain().name())
                    .yesNo("localOnly", def.domain().localOnly()));
        }
        n.child(dns(def.dns()));
        n.child(CommonXml.vlan(def.vlan()));
        n.child(CommonXml.bandwidth(def.bandwidth()));
        def.ips().forEach(ip -> n.child(ip(ip)));
        for (PortgroupDef pg : def.portgroups()) {
            n.child(XmlOut.element("portgroup").attr("name", pg.name()).attr("default", pg.isDefault() ? "yes" : null)
                    .child(CommonXml.vlan(pg.vlan())).child(CommonXml.bandwidth(pg.bandwidth())));
        }
        return n.render();
    }

    private static XmlOut forward(ForwardDef f) {
        return switch (f) {
            case ForwardDef.Isolated i -> null;
            case ForwardDef.Nat nat -> {
                XmlOut x = XmlOut.element("forward").attr("dev", nat.dev()).attr("mode", "nat");
                NatDef d = nat.nat();
                if (!d.isDefault()) {
                    XmlOut e = XmlOut.element("nat").yesNo("ipv6", d.ipv6());
                    if (d.addresses() != null) {
                        e.child(XmlOut.element("address").attr("start", d.addresses().start())
                                .attr("end", d.addresses().end()));
                    }
                    if (d.ports() != null) {
                        e.child(XmlOut.element("port").attr("start", d.ports().start()).attr("end", d.ports().end()));
                    }
                    x.child(e);
                }
                yield x;
            }
            case ForwardDef.Route r -> XmlOut.element("forward").attr("dev", r.dev()).attr("mode", "route");
            case ForwardDef.Open o -> XmlOut.element("forward").attr("mode", "open");
            case ForwardDef.Bridge br -> {
                XmlOut x = XmlOut.element("forward").attr("dev", br.dev()).attr("mode", "bridge");
                br.interfaces().forEach(i -> x.child(XmlOut.element("interface").attr("dev", i)));
                yield x;
            }
        };
    }

    private static XmlOut dns(DnsDef dns) {
        if (dns == null) {
            return null;
        }
        XmlOut x = XmlOut.element("dns").yesNo("enable", dns.enable()).yesNo("forwardPlainNames",
                dns.forwardPlainNames());
        for (DnsDef.Forwarder f : dns.forwarders()) {
            x.child(XmlOut.element("forwarder").attr("domain", f.domain()).attr("addr", f.addr()));
        }
        for (DnsDef.TxtRecord t : dns.txts()) {
            x.child(XmlOut.element("txt").attr("name", t.name()).attr("value", t.value()));
        }
        for (DnsDef.SrvRecord s : dns.srvs()) {
            x.child(XmlOut.element("srv").attr("service", s.service()).attr("protocol", s.protocol())
                    .attr("domain", s.domain()).attr("target", s.target()).attr("port", s.port())
                    .attr("priority", s.priority()).attr("weight", s.weight()));
        }
        for (DnsDef.DnsHost h : dns.hosts()) {
            XmlOut e = XmlOut.element("host").attr("ip", h.ip());
            h.hostnames().forEach(name -> e.textChild("hostname", name));
            x.child(e);
        }
        return x;
    }

    private static XmlOut ip(IpDef ip) {
        XmlOut x = XmlOut.element("ip").attr("family", ip.family() == IpFamily.IPV6 ? ip.family() : null)
                .attr("address", ip.address());
        if (ip.netmaskForm()) {
            x.attr("netmask", ip.cidr().netmask());
        } else {
            x.attr("prefix", ip.prefix());
        }
        x.yesNo("localPtr", ip.localPtr());
        if (ip.tftpRoot() != null) {
            x.child(XmlOut.element("tftp").attr("root", ip.tftpRoot()));
        }
        DhcpDef dhcp = ip.dhcp();
        if (dhcp != null) {
            XmlOut d = XmlOut.element("dhcp");
            for (DhcpDef.DhcpRange r : dhcp.ranges()) {
                d.child(XmlOut.element("range").attr("start", r.start()).attr("end", r.end()).child(lease(r.lease())));
            }
            for (DhcpDef.DhcpHost h : dhcp.hosts()) {
                d.child(XmlOut.element("host").attr("mac", h.mac()).attr("id", h.id()).attr("name", h.name())
                        .attr("ip", h.ip()).child(lease(h.lease())));
            }
            if (dhcp.bootp() != null) {
                d.child(XmlOut.element("bootp").attr("file", dhcp.bootp().file())
                        .attr("server", dhcp.bootp().server()));
            }
            x.child(d);
        }
        return x;
    }

    private static XmlOut lease(DhcpDef.LeaseDef lease) {
        return lease == null ? null
                : XmlOut.element("lease").attr("expiry", lease.expiry()).attr("unit", lease.unit());
    }
}
