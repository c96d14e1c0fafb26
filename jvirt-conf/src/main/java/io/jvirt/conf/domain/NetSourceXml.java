package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes what the {@code type} of an {@code <interface>} decides: its {@code <source>}
 * (and for type hostdev its {@code managed} attribute and {@code <driver>}), and the {@code <ip>}
 * and {@code <route>} lists interfaces use on the host or guest side.
 */
final class NetSourceXml {

    private NetSourceXml() {
    }

    static NetBackend read(XmlCursor c, String type) {
        if (type.equals("hostdev")) {
            Boolean managed = c.yesNoAttr("managed");
            HostdevSource.Driver driver = HostdevXml.driver(c);
            XmlCursor src = requireSource(c, type);
            HostdevSource source = HostdevXml.interfaceSource(src, driver);
            return c.build(() -> new NetBackend.Hostdev(Boolean.TRUE.equals(managed), source));
        }
        XmlCursor src = c.child("source");
        return switch (type) {
            case "user" -> {
                if (src != null) {
                    throw src.error(Kind.UNSUPPORTED, "A <source dev> on a user-mode interface belongs to the passt "
                            + "back end, which jvirt does not run; remove it.");
                }
                yield new NetBackend.User();
            }
            case "network" -> {
                requireSource(c, type);
                String network = src.requireAttr("network");
                String portgroup = src.attr("portgroup");
                String portid = src.attr("portid");
                src.notApplicable("an interface of type 'network'", "bridge", "dev");
                src.finish();
                UUID pid = portid == null ? null : uuid(src, "portid", portid);
                yield src.build(() -> new NetBackend.Network(network, portgroup, pid));
            }
            case "bridge" -> {
                requireSource(c, type);
                String bridge = src.requireAttr("bridge");
                src.notApplicable("an interface of type 'bridge'", "network", "portgroup", "dev");
                src.finish();
                yield src.build(() -> new NetBackend.Bridge(bridge));
            }
            case "ethernet" -> {
                if (src == null) {
                    yield new NetBackend.Ethernet();
                }
                List<NicIp> ips = ips(src);
                List<NicRoute> routes = routes(src);
                src.finish();
                yield src.build(() -> new NetBackend.Ethernet(ips, routes));
            }
            case "direct" -> {
                requireSource(c, type);
                String dev = src.requireAttr("dev");
                NetBackend.MacvtapMode mode = src.enumAttr("mode", NetBackend.MacvtapMode.class);
                src.finish();
                yield src.build(() -> new NetBackend.Direct(dev, mode));
            }
            case "vhostuser" -> vhostUser(requireSource(c, type));
            case "server", "client", "mcast", "udp" -> socket(requireSource(c, type), type);
            case "vdpa" -> {
                requireSource(c, type);
                String dev = src.requireAttr("dev");
                src.finish();
                yield src.build(() -> new NetBackend.Vdpa(dev));
            }
            case "null", "vds", "internal" -> throw c.error(Kind.UNSUPPORTED, "The interface type '" + type + "' is for "
                    + (type.equals("internal") ? "VirtualBox" : type.equals("vds") ? "VMware ESX" : "Xen and bhyve")
                    + " guests; QEMU guests use network, bridge, user, ethernet, direct, vhostuser, hostdev or a socket.");
            default -> throw c.invalid("type", type, "expected network, bridge, user, ethernet, direct, vhostuser, "
                    + "hostdev, vdpa, server, client, mcast or udp");
        };
    }

    private static XmlCursor requireSource(XmlCursor iface, String type) {
        XmlCursor src = iface.child("source");
        if (src == null) {
            throw iface.error(Kind.MISSING_VALUE, "An interface of type '" + type + "' needs a <source> element.");
        }
        return src;
    }

    private static NetBackend.VhostUser vhostUser(XmlCursor src) {
        String type = src.requireAttr("type");
        if (!type.equals("unix")) {
            throw src.invalid("type", type, "expected unix");
        }
        String path = src.requireAttr("path");
        String mode = src.requireAttr("mode");
        if (!mode.equals("server") && !mode.equals("client")) {
            throw src.invalid("mode", mode, "expected server or client");
        }
        CharBackend.Reconnect reconnect = null;
        XmlCursor r = src.child("reconnect");
        if (r != null) {
            r.requireAttr("enabled");
            boolean enabled = r.yesNoAttr("enabled");
            Integer timeout = r.intAttr("timeout", Integer.MAX_VALUE);
            r.finish();
            reconnect = r.build(() -> new CharBackend.Reconnect(enabled, timeout));
        }
        src.finish();
        CharBackend.Reconnect fr = reconnect;
        return src.build(() -> new NetBackend.VhostUser(path, mode.equals("server"), fr));
    }

    private static NetBackend.Socket socket(XmlCursor src, String type) {
        NetBackend.SocketKind kind = switch (type) {
            case "server" -> NetBackend.SocketKind.SERVER;
            case "client" -> NetBackend.SocketKind.CLIENT;
            case "mcast" -> NetBackend.SocketKind.MCAST;
            default -> NetBackend.SocketKind.UDP;
        };
        IpAddress address = CommonXml.ipAttr(src, "address");
        src.requireAttr("port");
        int port = src.intAttr("port", 65535);
        IpAddress local = null;
        Integer localPort = null;
        XmlCursor l = kind == NetBackend.SocketKind.UDP ? src.child("local") : null;
        if (l != null) {
            local = CommonXml.requireIpAttr(l, "address");
            l.requireAttr("port");
            localPort = l.intAttr("port", 65535);
            l.finish();
        }
        src.finish();
        IpAddress fl = local;
        Integer flp = localPort;
        return src.build(() -> new NetBackend.Socket(kind, address, port, fl, flp));
    }

    /** The {@code <ip>} children of an element (a source's host side, or an interface's guest side). */
    static List<NicIp> ips(XmlCursor c) {
        List<NicIp> out = new ArrayList<>();
        for (XmlCursor ip : c.children("ip")) {
            IpAddress address = CommonXml.requireIpAttr(ip, "address");
            String family = ip.attr("family");
            Integer prefix = ip.intAttr("prefix", 128);
            IpAddress peer = CommonXml.ipAttr(ip, "peer");
            ip.finish();
            checkFamily(ip, family, address);
            out.add(ip.build(() -> new NicIp(address, prefix, peer)));
        }
        return out;
    }

    /** The {@code <route>} children of an element. */
    static List<NicRoute> routes(XmlCursor c) {
        List<NicRoute> out = new ArrayList<>();
        for (XmlCursor r : c.children("route")) {
            String family = r.attr("family");
            IpAddress address = CommonXml.requireIpAttr(r, "address");
            Integer prefix = r.intAttr("prefix", 128);
            IpAddress gateway = CommonXml.requireIpAttr(r, "gateway");
            Integer metric = r.intAttr("metric", Integer.MAX_VALUE);
            r.finish();
            checkFamily(r, family, address);
            out.add(r.build(() -> new NicRoute(address, prefix, gateway, metric)));
        }
        return out;
    }

    private static void checkFamily(XmlCursor c, String family, IpAddress address) {
        if (family != null && !family.equals(address.isIpv4() ? "ipv4" : "ipv6")) {
            throw c.error(Kind.CONFLICT, "The address " + address + " is not of family '" + family + "'.");
        }
    }

    static List<XmlOut> formatIps(List<NicIp> ips, List<NicRoute> routes) {
        List<XmlOut> out = new ArrayList<>();
        for (NicIp ip : ips) {
            out.add(XmlOut.element("ip").attr("address", ip.address()).attr("family", family(ip.address()))
                    .attr("prefix", ip.prefix() == null || ip.prefix() == 0 ? null : ip.prefix())
                    .attr("peer", ip.peer()));
        }
        for (NicRoute r : routes) {
            out.add(XmlOut.element("route").attr("family", family(r.address())).attr("address", r.address())
                    .attr("prefix", r.prefix()).attr("gateway", r.gateway())
                    .attr("metric", r.metric() == null || r.metric() == 0 ? null : r.metric()));
        }
        return out;
    }

    private static String family(IpAddress a) {
        return a.isIpv4() ? "ipv4" : "ipv6";
    }

    /** The {@code <driver>} (type hostdev) and {@code <source>} of an interface, in libvirt's order. */
    static List<XmlOut> format(NetBackend b) {
        return switch (b) {
            case NetBackend.User u -> List.of();
            case NetBackend.Network net -> List.of(XmlOut.element("source").attr("network", net.network())
                    .attr("portgroup", net.portgroup()).attr("portid", net.portid()));
            case NetBackend.Bridge br -> List.of(XmlOut.element("source").attr("bridge", br.bridge()));
            case NetBackend.Ethernet e -> {
                if (e.hostIps().isEmpty() && e.hostRoutes().isEmpty()) {
                    yield List.of();
                }
                XmlOut src = XmlOut.element("source");
                formatIps(e.hostIps(), e.hostRoutes()).forEach(src::child);
                yield List.of(src);
            }
            case NetBackend.Direct d -> List.of(XmlOut.element("source").attr("dev", d.dev()).attr("mode", d.mode()));
            case NetBackend.VhostUser v -> {
                XmlOut src = XmlOut.element("source").attr("type", "unix").attr("path", v.path())
                        .attr("mode", v.server() ? "server" : "client");
                if (v.reconnect() != null) {
                    src.child(XmlOut.element("reconnect").yesNo("enabled", v.reconnect().enabled())
                            .attr("timeout", v.reconnect().timeout()));
                }
                yield List.of(src);
            }
            case NetBackend.Socket s -> {
                XmlOut src = XmlOut.element("source").attr("address", s.address()).attr("port", s.port());
                if (s.localAddress() != null) {
                    src.child(XmlOut.element("local").attr("address", s.localAddress()).attr("port", s.localPort()));
                }
                yield List.of(src);
            }
            case NetBackend.Hostdev h -> HostdevXml.sourceElements(h.source(), true);
            case NetBackend.Vdpa v -> List.of(XmlOut.element("source").attr("dev", v.dev()));
        };
    }

    private static UUID uuid(XmlCursor c, String attr, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw c.invalid(attr, value, "expected a UUID");
        }
    }
}
