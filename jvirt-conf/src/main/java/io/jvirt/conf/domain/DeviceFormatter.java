package io.jvirt.conf.domain;

import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes {@link Devices} as the {@code <devices>} element, in libvirt's device order. */
final class DeviceFormatter {

    private DeviceFormatter() {
    }

    static XmlOut devices(Devices devs, Secrets secrets) {
        XmlOut d = XmlOut.element("devices");
        d.textChild("emulator", devs.emulator());
        devs.all().forEach(x -> d.child(device(x, secrets)));
        return d.isEmpty() ? null : d;
    }

    /** Formats one device; the switch is exhaustive, so a new kind of device must be added here. */
    static XmlOut device(DeviceDef device, Secrets secrets) {
        return switch (device) {
            case DiskDef x -> DiskFormatter.disk(x, secrets);
            case ControllerDef x -> ControllerXml.format(x);
            case FilesystemDef x -> FilesystemXml.format(x);
            case InterfaceDef x -> iface(x);
            case SerialDef x -> serial(x);
            case ConsoleDef x -> console(x);
            case ChannelDef x -> channel(x);
            case InputDef x -> XmlOut.element("input").attr("type", x.type()).attr("bus", x.bus())
                    .child(AddressParser.format(x.address()));
            case TpmDef x -> TpmXml.format(x);
            case GraphicsDef x -> graphics(x, secrets);
            case AudioDef x -> XmlOut.element("audio").attr("id", x.id()).attr("type", x.type());
            case VideoDef x -> video(x);
            case MemballoonDef m -> {
                XmlOut mb = XmlOut.element("memballoon").attr("model", m.model()).onOff("autodeflate", m.autodeflate());
                if (m.statsPeriod() != null) {
                    mb.child(XmlOut.element("stats").attr("period", m.statsPeriod()));
                }
                yield mb.child(AddressParser.format(m.address()));
            }
            case RngDef x -> rng(x);
            case HubDef x -> XmlOut.element("hub").attr("type", "usb").child(AddressParser.format(x.address()));
        };
    }

    private static XmlOut iface(InterfaceDef n) {
        XmlOut x = XmlOut.element("interface").attr("type", n.backend().type());
        x.child(XmlOut.element("mac").attr("address", n.mac()));
        switch (n.backend()) {
            case NetBackend.User u -> {
                // user networking has no source element
            }
            case NetBackend.Network net -> x.child(XmlOut.element("source").attr("network", net.network())
                    .attr("portgroup", net.portgroup()));
            case NetBackend.Bridge br -> x.child(XmlOut.element("source").attr("bridge", br.bridge()));
        }
        x.child(CommonXml.vlan(n.vlan()));
        x.child(CommonXml.bandwidth(n.bandwidth()));
        if (n.targetDev() != null) {
            x.child(XmlOut.element("target").attr("dev", n.targetDev()));
        }
        if (n.model() != null) {
            x.child(XmlOut.element("model").attr("type", n.model()));
        }
        if (n.link() != null) {
            x.child(XmlOut.element("link").attr("state", n.link()));
        }
        if (n.mtu() != null) {
            x.child(XmlOut.element("mtu").attr("size", n.mtu()));
        }
        if (n.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", n.bootOrder()));
        }
        return x.child(AddressParser.format(n.address()));
    }

    private static XmlOut chr(String element, CharSource s) {
        XmlOut x = XmlOut.element(element).attr("type", s.type());
        if (s.path() != null || s.mode() != null) {
            x.child(XmlOut.element("source").attr("mode", s.mode()).attr("path", s.path()));
        }
        if (s.log() != null) {
            x.child(XmlOut.element("log").attr("file", s.log().file()).onOff("append", s.log().append()));
        }
        return x;
    }

    private static XmlOut serial(SerialDef s) {
        XmlOut x = chr("serial", s.source());
        if (s.targetType() != null || s.port() != null || s.model() != null) {
            XmlOut t = XmlOut.element("target").attr("type", s.targetType()).attr("port", s.port());
            if (s.model() != null) {
                t.child(XmlOut.element("model").attr("name", s.model()));
            }
            x.child(t);
        }
        return x.child(AddressParser.format(s.address()));
    }

    private static XmlOut console(ConsoleDef c) {
        XmlOut x = chr("console", c.source());
        if (c.targetType() != null || c.port() != null) {
            x.child(XmlOut.element("target").attr("type", c.targetType()).attr("port", c.port()));
        }
        return x;
    }

    private static XmlOut channel(ChannelDef c) {
        return chr("channel", c.source())
                .child(XmlOut.element("target").attr("type", "virtio").attr("name", c.name()))
                .child(AddressParser.format(c.address()));
    }

    private static XmlOut graphics(GraphicsDef g, Secrets secrets) {
        return switch (g) {
            case GraphicsDef.Vnc v -> {
                XmlOut x = XmlOut.element("graphics").attr("type", v.type()).attr("port", v.port())
                        .yesNo("autoport", v.autoport()).attr("listen", v.listenAddress())
                        .attr("keymap", v.keymap()).attr("passwd", secrets.reveal(v.passwd()));
                if (v.listen() != null) {
                    x.child(XmlOut.element("listen").attr("type", v.listen().type())
                            .attr("address", v.listen().address()).attr("socket", v.listen().socket()));
                }
                yield x;
            }
        };
    }

    private static XmlOut video(VideoDef v) {
        return XmlOut.element("video")
                .child(XmlOut.element("model").attr("type", v.model()).attr("ram", v.ram()).attr("vram", v.vram())
                        .attr("vgamem", v.vgamem())
                        .attr("heads", v.heads()).yesNo("primary", v.primary()))
                .child(AddressParser.format(v.address()));
    }

    private static XmlOut rng(RngDef r) {
        XmlOut x = XmlOut.element("rng").attr("model", "virtio");
        if (r.rateBytes() != null) {
            x.child(XmlOut.element("rate").attr("bytes", r.rateBytes()).attr("period", r.ratePeriodMs()));
        }
        x.child(XmlOut.element("backend").attr("model", "random").text(r.backendPath()));
        return x.child(AddressParser.format(r.address()));
    }
}
