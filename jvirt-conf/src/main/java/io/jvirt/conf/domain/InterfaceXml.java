package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Reads and writes {@code <interface>} elements, in libvirt's element and attribute order. */
final class InterfaceXml {

    private InterfaceXml() {
    }

    static InterfaceDef read(XmlCursor c, RandomGenerator random) {
        String type = c.requireAttr("type");
        Boolean trust = c.yesNoAttr("trustGuestRxFilters");
        InterfaceOptions.Builder o = new InterfaceOptions.Builder().trustGuestRxFilters(trust);
        NetBackend backend = NetSourceXml.read(c, type);
        String mac = null;
        XmlCursor m = c.child("mac");
        if (m != null) {
            mac = m.requireAttr("address");
            o.macType(m.enumAttr("type", InterfaceOptions.MacType.class)).macCheck(m.yesNoAttr("check"));
            m.finish();
        }
        VlanDef vlan = CommonXml.vlan(c.child("vlan"));
        o.virtualport(virtualport(c.child("virtualport")));
        BandwidthDef bandwidth = CommonXml.bandwidth(c.child("bandwidth"), true, "an interface");
        XmlCursor port = c.child("port");
        if (port != null) {
            o.portIsolated(port.yesNoAttr("isolated"));
            port.finish();
        }
        o.ips(NetSourceXml.ips(c)).routes(NetSourceXml.routes(c));
        o.script(path(c.child("script"))).downscript(path(c.child("downscript")));
        String targetDev = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            targetDev = t.requireAttr("dev");
            o.targetManaged(t.yesNoAttr("managed"));
            t.finish();
        }
        XmlCursor g = c.child("guest");
        if (g != null) {
            o.guestDev(g.attr("dev"));
            g.finish();
        }
        InterfaceDef.Model model = null;
        XmlCursor md = c.child("model");
        if (md != null) {
            String name = md.requireAttr("type");
            md.finish();
            model = InterfaceDef.Model.of(name);
            if (model == null) {
                throw md.error(Kind.INVALID_VALUE, "The network card model '" + name + "' is not one QEMU 7.2 has on "
                        + "PCI; use virtio, e1000, e1000e, rtl8139, vmxnet3, ne2k_pci, pcnet, tulip or an Intel i8255x.");
            }
        }
        if (model == null && backend instanceof NetBackend.Vdpa) {
            model = InterfaceDef.Model.VIRTIO; // qemuDomainDeviceNetDefPostParse
        }
        if (!(backend instanceof NetBackend.Hostdev)) {
            o.driver(driver(c.child("driver")));
        }
        backend(c.child("backend"), o);
        o.filterref(filterref(c.child("filterref")));
        XmlCursor tune = c.child("tune");
        if (tune != null) {
            XmlCursor sndbuf = tune.child("sndbuf");
            if (sndbuf != null) {
                long bytes = sndbuf.longText(Long.MAX_VALUE);
                sndbuf.finish();
                o.sndbuf(bytes);
            }
            tune.finish();
        }
        o.teaming(HostdevXml.teaming(c.child("teaming")));
        InterfaceDef.LinkState link = null;
        XmlCursor l = c.child("link");
        if (l != null) {
            link = l.requireEnumAttr("state", InterfaceDef.LinkState.class);
            l.finish();
        }
        Integer mtu = null;
        XmlCursor mt = c.child("mtu");
        if (mt != null) {
            mt.requireAttr("size");
            mtu = mt.intAttr("size", 65535);
            mt.finish();
        }
        o.coalesceRxFrames(coalesce(c.child("coalesce")));
        Integer bootOrder = DeviceParser.bootOrder(c);
        XmlCursor alias = c.child("alias");
        if (alias != null) {
            o.alias(alias.requireAttr("name"));
            alias.finish();
        }
        o.rom(RomDef.read(c.child("rom")));
        o.acpiIndex(HostdevXml.acpiIndex(c.child("acpi")));
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        String fmac = mac == null ? InterfaceDef.randomMac(random) : mac;
        InterfaceDef.Model fm = model;
        String ft = targetDev;
        InterfaceDef.LinkState fl = link;
        Integer fmtu = mtu;
        return c.build(() -> new InterfaceDef(backend, fmac, fm, bootOrder, address, ft, vlan, fl, bandwidth, fmtu,
                o.build()));
    }

    static XmlOut format(InterfaceDef n) {
        InterfaceOptions o = n.options();
        XmlOut x = XmlOut.element("interface").attr("type", n.backend().type());
        if (n.backend() instanceof NetBackend.Hostdev h && h.managed()) {
            x.attr("managed", "yes");
        }
        x.yesNo("trustGuestRxFilters", o.trustGuestRxFilters());
        x.child(XmlOut.element("mac").attr("address", n.mac()).attr("type", o.macType()).yesNo("check", o.macCheck()));
        NetSourceXml.format(n.backend()).forEach(x::child);
        x.child(CommonXml.vlan(n.vlan()));
        x.child(virtualport(o.virtualport()));
        x.child(CommonXml.bandwidth(n.bandwidth()));
        if (o.portIsolated() != null) {
            x.child(XmlOut.element("port").yesNo("isolated", o.portIsolated()));
        }
        NetSourceXml.formatIps(o.ips(), o.routes()).forEach(x::child);
        if (o.script() != null) {
            x.child(XmlOut.element("script").attr("path", o.script()));
        }
        if (o.downscript() != null) {
            x.child(XmlOut.element("downscript").attr("path", o.downscript()));
        }
        if (n.targetDev() != null || o.targetManaged() != null) {
            x.child(XmlOut.element("target").attr("dev", n.targetDev()).yesNo("managed", o.targetManaged()));
        }
        if (o.guestDev() != null) {
            x.child(XmlOut.element("guest").attr("dev", o.guestDev()));
        }
        if (n.model() != null) {
            x.child(XmlOut.element("model").attr("type", n.model()));
            x.child(driver(o.driver()));
        }
        if (o.backendTap() != null || o.backendVhost() != null) {
            x.child(XmlOut.element("backend").attr("tap", o.backendTap()).attr("vhost", o.backendVhost()));
        }
        x.child(filterref(o.filterref()));
        if (o.sndbuf() != null) {
            x.child(XmlOut.element("tune").child(XmlOut.element("sndbuf").text(Long.toString(o.sndbuf()))));
        }
        x.child(HostdevXml.teaming(o.teaming()));
        if (n.link() != null) {
            x.child(XmlOut.element("link").attr("state", n.link()));
        }
        if (n.mtu() != null) {
            x.child(XmlOut.element("mtu").attr("size", n.mtu()));
        }
        if (o.coalesceRxFrames() != null) {
            x.child(XmlOut.element("coalesce").child(XmlOut.element("rx")
                    .child(XmlOut.element("frames").attr("max", o.coalesceRxFrames()))));
        }
        if (n.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", n.bootOrder()));
        }
        if (o.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", o.alias()));
        }
        x.child(RomDef.write(o.rom()));
        x.child(HostdevXml.acpi(o.acpiIndex()));
        return x.child(AddressParser.format(n.address()));
    }

    private static String path(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String p = c.requireAttr("path");
        c.finish();
        return p;
    }

    private static void backend(XmlCursor c, InterfaceOptions.Builder o) {
        if (c == null) {
            return;
        }
        String type = c.attr("type");
        if (type != null) {
            throw c.error(Kind.UNSUPPORTED, "The '" + type + "' back end of user-mode networking needs the passt "
                    + "program, which jvirt does not run; remove type='" + type + "' to use QEMU's own slirp.");
        }
        o.backendTap(c.attr("tap")).backendVhost(c.attr("vhost"));
        c.finish();
    }

    /** Reads {@code <coalesce>}; like libvirt, an absent or zero frame count means no setting. */
    private static Integer coalesce(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Integer frames = null;
        XmlCursor rx = c.child("rx");
        if (rx != null) {
            XmlCursor f = rx.child("frames");
            if (f != null) {
                frames = f.intAttr("max", Integer.MAX_VALUE);
                f.finish();
            }
            rx.finish();
        }
        c.finish();
        return frames == null || frames == 0 ? null : frames;
    }

    private static NetDriver driver(XmlCursor c) {
        if (c == null) {
            return null;
        }
        NetDriver.Name name = c.enumAttr("name", NetDriver.Name.class);
        NetDriver.TxMode txmode = c.enumAttr("txmode", NetDriver.TxMode.class);
        Boolean ioeventfd = c.onOffAttr("ioeventfd");
        Boolean eventIdx = c.onOffAttr("event_idx");
        Integer queues = c.intAttr("queues", Integer.MAX_VALUE);
        Integer rx = c.intAttr("rx_queue_size", Integer.MAX_VALUE);
        Integer tx = c.intAttr("tx_queue_size", Integer.MAX_VALUE);
        Boolean rss = c.onOffAttr("rss");
        Boolean hash = c.onOffAttr("rss_hash_report");
        VirtioOptions options = VirtioOptions.read(c);
        NetDriver.HostOffloads host = null;
        XmlCursor h = c.child("host");
        if (h != null) {
            host = new NetDriver.HostOffloads(h.onOffAttr("csum"), h.onOffAttr("gso"), h.onOffAttr("tso4"),
                    h.onOffAttr("tso6"), h.onOffAttr("ecn"), h.onOffAttr("ufo"), h.onOffAttr("mrg_rxbuf"));
            h.finish();
        }
        NetDriver.GuestOffloads guest = null;
        XmlCursor g = c.child("guest");
        if (g != null) {
            guest = new NetDriver.GuestOffloads(g.onOffAttr("csum"), g.onOffAttr("tso4"), g.onOffAttr("tso6"),
                    g.onOffAttr("ecn"), g.onOffAttr("ufo"));
            g.finish();
        }
        c.finish();
        NetDriver.HostOffloads fh = host;
        NetDriver.GuestOffloads fg = guest;
        return c.build(() -> new NetDriver(name, txmode, ioeventfd, eventIdx, queues, rx, tx, rss, hash, options, fh,
                fg));
    }

    private static XmlOut driver(NetDriver d) {
        if (d == null) {
            return null;
        }
        XmlOut x = XmlOut.element("driver").attr("name", d.name()).attr("txmode", d.txmode())
                .onOff("ioeventfd", d.ioeventfd()).onOff("event_idx", d.eventIdx()).attr("queues", d.queues())
                .attr("rx_queue_size", d.rxQueueSize()).attr("tx_queue_size", d.txQueueSize())
                .onOff("rss", d.rss()).onOff("rss_hash_report", d.rssHashReport());
        d.options().write(x);
        NetDriver.HostOffloads h = d.host();
        if (h != null) {
            x.child(XmlOut.element("host").onOff("csum", h.csum()).onOff("gso", h.gso()).onOff("tso4", h.tso4())
                    .onOff("tso6", h.tso6()).onOff("ecn", h.ecn()).onOff("ufo", h.ufo())
                    .onOff("mrg_rxbuf", h.mrgRxbuf()));
        }
        NetDriver.GuestOffloads g = d.guest();
        if (g != null) {
            x.child(XmlOut.element("guest").onOff("csum", g.csum()).onOff("tso4", g.tso4()).onOff("tso6", g.tso6())
                    .onOff("ecn", g.ecn()).onOff("ufo", g.ufo()));
        }
        return x;
    }

    private static VirtualPort virtualport(XmlCursor c) {
        if (c == null) {
            return null;
        }
        VirtualPort.Type type = c.enumAttr("type", VirtualPort.Type.class);
        Integer manager = null;
        Integer typeId = null;
        Integer version = null;
        UUID instance = null;
        String profile = null;
        UUID iface = null;
        XmlCursor p = c.child("parameters");
        if (p != null) {
            manager = p.intAttr("managerid", 255);
            typeId = p.intAttr("typeid", 0xffffff);
            version = p.intAttr("typeidversion", 255);
            instance = uuid(p, "instanceid");
            profile = p.attr("profileid");
            iface = uuid(p, "interfaceid");
            p.finish();
        }
        c.finish();
        Integer fm = manager;
        Integer ft = typeId;
        Integer fv = version;
        UUID fi = instance;
        String fp = profile;
        UUID fif = iface;
        return c.build(() -> new VirtualPort(type, fm, ft, fv, fi, fp, fif));
    }

    private static UUID uuid(XmlCursor c, String attr) {
        String v = c.attr(attr);
        if (v == null) {
            return null;
        }
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw c.invalid(attr, v, "expected a UUID");
        }
    }

    private static XmlOut virtualport(VirtualPort v) {
        if (v == null) {
            return null;
        }
        XmlOut p = XmlOut.element("parameters").attr("managerid", v.managerId()).attr("typeid", v.typeId())
                .attr("typeidversion", v.typeIdVersion()).attr("instanceid", v.instanceId())
                .attr("profileid", v.profileId()).attr("interfaceid", v.interfaceId());
        return XmlOut.element("virtualport").attr("type", v.type()).child(p.isEmpty() ? null : p);
    }

    private static FilterRef filterref(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String filter = c.requireAttr("filter");
        List<FilterRef.Parameter> params = new ArrayList<>();
        for (XmlCursor p : c.children("parameter")) {
            String name = p.requireAttr("name");
            String value = p.requireAttr("value");
            p.finish();
            params.add(p.build(() -> new FilterRef.Parameter(name, value)));
        }
        c.finish();
        return c.build(() -> new FilterRef(filter, params));
    }

    private static XmlOut filterref(FilterRef f) {
        if (f == null) {
            return null;
        }
        XmlOut x = XmlOut.element("filterref").attr("filter", f.filter());
        for (FilterRef.Parameter p : f.parameters()) {
            x.child(XmlOut.element("parameter").attr("name", p.name()).attr("value", p.value()));
        }
        return x;
    }
}
