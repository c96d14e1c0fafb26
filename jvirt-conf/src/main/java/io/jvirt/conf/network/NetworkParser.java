package io.jvirt.conf.network;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Maps a {@code <network>} element tree to a {@link NetworkDef}; addresses, DHCP and DNS
 * are read by {@link AddressingParser}.
 */
final class NetworkParser {

    private final RandomGenerator random;

    NetworkParser(RandomGenerator random) {
        this.random = random;
    }

    NetworkDef parse(XmlElement root) {
        XmlCursor n = new XmlCursor(root);
        if (!n.name().equals("network")) {
            throw n.error(Kind.UNKNOWN_ELEMENT,
                    "the root element is <" + n.name() + ">, but a network definition must start with <network>.");
        }
        Integer connections = n.intAttr("connections", Integer.MAX_VALUE);
        Boolean ipv6 = n.yesNoAttr("ipv6");
        XmlCursor nameEl = n.requireChild("name");
        String name = nameEl.text();
        nameEl.finish();
        if (name == null) {
            throw nameEl.error(Kind.MISSING_VALUE, "The network name must not be empty.");
        }
        nameEl.build(() -> {
            NetworkDef.validateName(name);
            return name;
        });
        UUID uuid = CommonXml.uuid(n.child("uuid"), random);
        String title = n.childText("title");
        String description = n.childText("description");
        String metadata = CommonXml.metadata(n.child("metadata"));
        ForwardDef forward = forward(n.child("forward"));
        BridgeDef bridge = bridge(n.child("bridge"));
        Integer mtu = null;
        XmlCursor m = n.child("mtu");
        if (m != null) {
            m.requireAttr("size");
            mtu = m.intAttr("size", 65535);
            m.finish();
        }
        String mac = null;
        XmlCursor macEl = n.child("mac");
        if (macEl != null) {
            mac = macEl.requireAttr("address");
            macEl.finish();
        }
        DnsDomainDef domain = null;
        XmlCursor d = n.child("domain");
        if (d != null) {
            String domainName = d.requireAttr("name");
            Boolean localOnly = d.yesNoAttr("localOnly");
            d.finish();
            domain = d.build(() -> new DnsDomainDef(domainName, localOnly));
        }
        DnsDef dns = AddressingParser.dns(n.child("dns"));
        VlanDef vlan = CommonXml.vlan(n.child("vlan"));
        BandwidthDef bandwidth = CommonXml.bandwidth(n.child("bandwidth"), false, "a network");
        List<IpDef> ips = new ArrayList<>();
        n.children("ip").forEach(x -> ips.add(AddressingParser.ip(x)));
        List<PortgroupDef> portgroups = new ArrayList<>();
        n.children("portgroup").forEach(x -> portgroups.add(portgroup(x)));
        n.finish();
        Integer fmtu = mtu;
        String fmac = mac;
        DnsDomainDef fdomain = domain;
        return n.build(() -> new NetworkDef(name, uuid, title, description, metadata, connections,
                Boolean.TRUE.equals(ipv6), forward, bridge, fmtu, fmac, fdomain, dns, vlan, bandwidth, ips,
                portgroups));
    }

    private static ForwardDef forward(XmlCursor f) {
        if (f == null) {
            return new ForwardDef.Isolated();
        }
        String mode = f.attr("mode");
        String dev = f.attr("dev");
        List<String> interfaces = new ArrayList<>();
        for (XmlCursor i : f.children("interface")) {
            interfaces.add(i.requireAttr("dev"));
            i.finish();
        }
        XmlCursor natEl = f.child("nat");
        f.finish();
        String m = mode == null ? "nat" : mode;
        if (natEl != null && !m.equals("nat")) {
            throw natEl.error(Kind.CONFLICT, "<nat> is allowed only in forward mode 'nat', not '" + m + "'.");
        }
        return switch (m) {
            case "nat" -> {
                String fdev = singleDev(f, m, dev, interfaces);
                NatDef nat = nat(natEl);
                yield f.build(() -> new ForwardDef.Nat(fdev, nat));
            }
            case "route" -> {
                String fdev = singleDev(f, m, dev, interfaces);
                yield f.build(() -> new ForwardDef.Route(fdev));
            }
            case "open" -> {
                if (dev != null || !interfaces.isEmpty()) {
                    throw f.error(Kind.CONFLICT, "A network with forward mode 'open' adds no firewall rules, so it "
                            + "cannot restrict forwarding to a device; remove the forward 'dev' and <interface>.");
                }
                yield new ForwardDef.Open();
            }
            case "bridge" -> {
                if (dev != null && interfaces.isEmpty()) {
                    interfaces.add(dev);
                } else if (dev != null && !dev.equals(interfaces.getFirst())) {
                    throw f.error(Kind.CONFLICT, "<forward dev='" + dev + "'> must name the same device as the first "
                            + "<interface dev='" + interfaces.getFirst() + "'/>.");
                }
                yield f.build(() -> new ForwardDef.Bridge(interfaces));
            }
            case "private", "vepa", "passthrough", "hostdev" -> throw f.error(Kind.INVALID_VALUE,
                    "The forward mode '" + m + "' is not supported; use nat, route, open or bridge.");
            case "none" -> throw f.error(Kind.INVALID_VALUE,
                    "The forward mode 'none' is not valid; leave out <forward> for an isolated network.");
            default -> throw f.invalid("mode", m, "expected one of nat, route, open, bridge");
        };
    }

    /** Merges {@code <forward dev>} and {@code <interface dev>} for the routed modes, which allow one device. */
    private static String singleDev(XmlCursor f, String mode, String dev, List<String> interfaces) {
        if (interfaces.size() > 1) {
            throw f.error(Kind.CONFLICT,
                    "A network with forward mode '" + mode + "' can forward through only one <interface>.");
        }
        if (interfaces.isEmpty()) {
            return dev;
        }
        if (dev != null && !dev.equals(interfaces.getFirst())) {
            throw f.error(Kind.CONFLICT, "<forward dev='" + dev + "'> must name the same device as its <interface dev='"
                    + interfaces.getFirst() + "'/>.");
        }
        return interfaces.getFirst();
    }

    private static NatDef nat(XmlCursor c) {
        if (c == null) {
            return NatDef.DEFAULT;
        }
        Boolean ipv6 = c.yesNoAttr("ipv6");
        NatDef.AddressRange addresses = null;
        XmlCursor a = c.child("address");
        if (a != null) {
            IpAddress start = CommonXml.requireIpAttr(a, "start");
            IpAddress end = CommonXml.requireIpAttr(a, "end");
            a.finish();
            addresses = a.build(() -> new NatDef.AddressRange(start, end));
        }
        NatDef.PortRange ports = null;
        XmlCursor p = c.child("port");
        if (p != null) {
            p.requireAttr("start");
            p.requireAttr("end");
            int start = p.intAttr("start", 65535);
            int end = p.intAttr("end", 65535);
            p.finish();
            ports = p.build(() -> new NatDef.PortRange(start, end));
        }
        c.finish();
        NatDef.AddressRange fa = addresses;
        NatDef.PortRange fp = ports;
        return c.build(() -> new NatDef(fa, fp, ipv6));
    }

    private static BridgeDef bridge(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String name = c.attr("name");
        Boolean stp = c.onOffAttr("stp");
        Integer delay = c.intAttr("delay", BridgeDef.MAX_DELAY);
        BridgeDef.MacTableManager manager = c.enumAttr("macTableManager", BridgeDef.MacTableManager.class);
        c.finish();
        return c.build(() -> new BridgeDef(name, stp, delay, manager));
    }

    private static PortgroupDef portgroup(XmlCursor c) {
        String name = c.requireAttr("name");
        Boolean isDefault = c.yesNoAttr("default");
        VlanDef vlan = CommonXml.vlan(c.child("vlan"));
        BandwidthDef bandwidth = CommonXml.bandwidth(c.child("bandwidth"), false, "a port group");
        c.finish();
        return c.build(() -> new PortgroupDef(name, Boolean.TRUE.equals(isDefault), vlan, bandwidth));
    }
}
