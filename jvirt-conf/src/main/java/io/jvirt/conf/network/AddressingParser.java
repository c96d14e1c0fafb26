package io.jvirt.conf.network;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.Cidr;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;

/** Reads a network's {@code <ip>} elements with their DHCP settings, and its {@code <dns>} element. */
final class AddressingParser {

    private AddressingParser() {
    }

    static IpDef ip(XmlCursor c) {
        IpFamily family = c.enumAttr("family", IpFamily.class);
        IpAddress address = CommonXml.requireIpAttr(c, "address");
        if (family != null && family != address.family()) {
            throw c.error(Kind.CONFLICT, "The <ip> family '" + family.xml() + "' does not match the address "
                    + address + ".");
        }
        String netmaskText = c.attr("netmask");
        String prefixText = c.attr("prefix");
        Boolean localPtr = c.yesNoAttr("localPtr");
        if (netmaskText != null && prefixText != null) {
            throw c.error(Kind.CONFLICT, "An <ip> cannot have both a 'netmask' and a 'prefix'; give one of them.");
        }
        if (netmaskText == null && prefixText == null) {
            throw c.error(Kind.MISSING_VALUE, "The <ip> address " + address + " needs a 'netmask' or a 'prefix'.");
        }
        int prefix;
        if (netmaskText != null) {
            if (address.isIpv6()) {
                throw c.error(Kind.CONFLICT,
                        "The IPv6 address " + address + " cannot have a 'netmask'; give a 'prefix' instead.");
            }
            IpAddress mask = CommonXml.ipAttr(c, "netmask");
            prefix = mask.isIpv4() ? mask.netmaskPrefix() : -1;
            if (prefix < 1) {
                throw c.invalid("netmask", netmaskText, "expected a contiguous IPv4 netmask such as 255.255.255.0");
            }
        } else {
            int bits = address.family().bits();
            prefix = prefixText.matches("[0-9]{1,3}") ? Integer.parseInt(prefixText) : -1;
            if (prefix < 1 || prefix > bits) {
                throw c.invalid("prefix", prefixText, "expected a number from 1 to " + bits + " for an "
                        + (address.isIpv4() ? "IPv4" : "IPv6") + " address");
            }
        }
        String tftpRoot = null;
        XmlCursor t = c.child("tftp");
        if (t != null) {
            tftpRoot = t.requireAttr("root");
            t.finish();
        }
        DhcpDef dhcp = dhcp(c.child("dhcp"));
        c.finish();
        String ftftp = tftpRoot;
        return c.build(() -> new IpDef(new Cidr(address, prefix), netmaskText != null, localPtr, ftftp, dhcp));
    }

    private static DhcpDef dhcp(XmlCursor c) {
        if (c == null) {
            return null;
        }
        List<DhcpDef.DhcpRange> ranges = new ArrayList<>();
        for (XmlCursor r : c.children("range")) {
            IpAddress start = CommonXml.requireIpAttr(r, "start");
            IpAddress end = CommonXml.requireIpAttr(r, "end");
            DhcpDef.LeaseDef lease = lease(r.child("lease"));
            r.finish();
            ranges.add(r.build(() -> new DhcpDef.DhcpRange(start, end, lease)));
        }
        List<DhcpDef.DhcpHost> hosts = new ArrayList<>();
        for (XmlCursor h : c.children("host")) {
            hosts.add(dhcpHost(h));
        }
        DhcpDef.Bootp bootp = null;
        XmlCursor b = c.child("bootp");
        if (b != null) {
            String file = b.requireAttr("file");
            IpAddress server = CommonXml.ipAttr(b, "server");
            b.finish();
            bootp = b.build(() -> new DhcpDef.Bootp(file, server));
        }
        c.finish();
        if (ranges.isEmpty() && hosts.isEmpty() && bootp == null) {
            return null;
        }
        DhcpDef.Bootp fb = bootp;
        return c.build(() -> new DhcpDef(ranges, hosts, fb));
    }

    /** Reads a DHCP {@code <host>}; whether it is complete is checked by the enclosing {@link IpDef}. */
    static DhcpDef.DhcpHost dhcpHost(XmlCursor h) {
        String mac = h.attr("mac");
        String id = h.attr("id");
        String name = h.attr("name");
        IpAddress ip = CommonXml.ipAttr(h, "ip");
        DhcpDef.LeaseDef lease = lease(h.child("lease"));
        h.finish();
        return h.build(() -> new DhcpDef.DhcpHost(mac, id, name, ip, lease));
    }

    private static DhcpDef.LeaseDef lease(XmlCursor c) {
        if (c == null) {
            return null;
        }
        c.requireAttr("expiry");
        long expiry = c.longAttr("expiry", DhcpDef.LeaseDef.MAX_EXPIRY);
        DhcpDef.LeaseUnit unit = c.enumAttr("unit", DhcpDef.LeaseUnit.class);
        c.finish();
        return c.build(() -> new DhcpDef.LeaseDef(expiry, unit == null ? DhcpDef.LeaseUnit.MINUTES : unit));
    }

    static DnsDef dns(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Boolean enable = c.yesNoAttr("enable");
        Boolean forwardPlainNames = c.yesNoAttr("forwardPlainNames");
        List<DnsDef.Forwarder> forwarders = new ArrayList<>();
        for (XmlCursor f : c.children("forwarder")) {
            String domain = f.attr("domain");
            IpAddress addr = CommonXml.ipAttr(f, "addr");
            f.finish();
            forwarders.add(f.build(() -> new DnsDef.Forwarder(domain, addr)));
        }
        List<DnsDef.TxtRecord> txts = new ArrayList<>();
        for (XmlCursor t : c.children("txt")) {
            String name = t.requireAttr("name");
            String value = t.requireAttr("value");
            t.finish();
            txts.add(t.build(() -> new DnsDef.TxtRecord(name, value)));
        }
        List<DnsDef.SrvRecord> srvs = new ArrayList<>();
        for (XmlCursor s : c.children("srv")) {
            srvs.add(srv(s));
        }
        List<DnsDef.DnsHost> hosts = new ArrayList<>();
        for (XmlCursor h : c.children("host")) {
            h.requireAttr("ip");
            DnsDef.DnsHost host = dnsHost(h);
            if (host.hostnames().isEmpty()) {
                throw h.error(Kind.MISSING_VALUE, "The DNS <host> " + host.ip() + " needs at least one <hostname>.");
            }
            hosts.add(host);
        }
        c.finish();
        return c.build(() -> new DnsDef(enable, forwardPlainNames, forwarders, txts, srvs, hosts));
    }

    private static DnsDef.SrvRecord srv(XmlCursor s) {
        String service = s.requireAttr("service");
        String protocol = s.requireAttr("protocol");
        String domain = s.attr("domain");
        String target = s.attr("target");
        Integer port = s.intAttr("port", 65535);
        Integer priority = s.intAttr("priority", 65535);
        Integer weight = s.intAttr("weight", 65535);
        s.finish();
        return s.build(() -> new DnsDef.SrvRecord(service, protocol, domain, target, port, priority, weight));
    }

    /** Reads a DNS {@code <host>}; the caller decides whether the address and a name are required. */
    static DnsDef.DnsHost dnsHost(XmlCursor h) {
        IpAddress ip = CommonXml.ipAttr(h, "ip");
        List<String> names = new ArrayList<>();
        for (XmlCursor n : h.children("hostname")) {
            names.add(n.requireText());
            n.finish();
        }
        h.finish();
        return h.build(() -> new DnsDef.DnsHost(ip, names));
    }
}
