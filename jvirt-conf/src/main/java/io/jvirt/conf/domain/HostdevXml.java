package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes {@code <hostdev>} elements, and the host-device {@code <source>} an
 * {@code <interface type='hostdev'>} shares with them, in libvirt's element and attribute order.
 */
final class HostdevXml {

    private HostdevXml() {
    }

    static HostdevDef read(XmlCursor c) {
        String mode = c.attr("mode");
        if ("capabilities".equals(mode)) {
            throw c.error(Kind.UNSUPPORTED, "A <hostdev mode='capabilities'> hands a host block, character or network "
                    + "device to an LXC container; QEMU guests take host devices with mode='subsystem'.");
        }
        if (mode != null && !mode.equals("subsystem")) {
            throw c.invalid("mode", mode, "expected subsystem");
        }
        String type = c.requireAttr("type");
        Boolean managed = c.yesNoAttr("managed");
        HostdevSource source = switch (type) {
            case "pci" -> {
                HostdevSource.Driver driver = driver(c);
                XmlCursor s = c.requireChild("source");
                if (s.attr("writeFiltering") != null) {
                    throw s.error(Kind.UNSUPPORTED, "Write filtering of a PCI device's configuration space is Xen's; "
                            + "QEMU does not have it, so remove 'writeFiltering'.");
                }
                HostPciAddress host = pciAddress(s.requireChild("address"), false);
                s.finish();
                yield c.build(() -> new HostdevSource.Pci(host, driver));
            }
            case "usb" -> usb(c.requireChild("source"), false);
            case "scsi" -> scsi(c);
            case "scsi_host" -> {
                VirtioModel model = c.enumAttr("model", VirtioModel.class);
                XmlCursor s = c.requireChild("source");
                String protocol = s.requireAttr("protocol");
                if (!protocol.equals("vhost")) {
                    throw s.invalid("protocol", protocol, "expected vhost");
                }
                String wwpn = s.requireAttr("wwpn");
                s.finish();
                yield s.build(() -> new HostdevSource.ScsiHost(model, wwpn));
            }
            case "mdev" -> {
                HostdevSource.MdevModel model = c.requireEnumAttr("model", HostdevSource.MdevModel.class);
                Boolean display = c.onOffAttr("display");
                Boolean ramfb = c.onOffAttr("ramfb");
                XmlCursor s = c.requireChild("source");
                XmlCursor a = s.requireChild("address");
                UUID uuid = uuid(a, a.requireAttr("uuid"));
                a.finish();
                s.finish();
                yield c.build(() -> new HostdevSource.Mdev(uuid, model, display, ramfb));
            }
            case "storage", "misc", "net" -> throw c.error(Kind.UNSUPPORTED, "A <hostdev type='" + type
                    + "'> is an LXC container's (mode='capabilities'); QEMU guests take pci, usb, scsi, scsi_host or "
                    + "mdev host devices.");
            default -> throw c.invalid("type", type, "expected pci, usb, scsi, scsi_host or mdev");
        };
        TeamingDef teaming = teaming(c.child("teaming"));
        boolean readonly = c.flag("readonly");
        boolean shareable = c.flag("shareable");
        Integer boot = DeviceParser.bootOrder(c);
        String alias = userAlias(c);
        RomDef rom = RomDef.read(c.child("rom"));
        Integer acpi = acpiIndex(c.child("acpi"));
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new HostdevDef(source, Boolean.TRUE.equals(managed), teaming, readonly, shareable, boot,
                rom, acpi, alias, address));
    }

    static XmlOut format(HostdevDef h) {
        XmlOut x = XmlOut.element("hostdev").attr("mode", "subsystem").attr("type", h.source().type())
                .yesNo("managed", h.managed());
        switch (h.source()) {
            case HostdevSource.Scsi s -> x.attr("sgio", s.sgio()).yesNo("rawio", s.rawio());
            case HostdevSource.ScsiHost s -> x.attr("model", s.model());
            case HostdevSource.Mdev m -> x.attr("model", m.model()).onOff("display", m.display())
                    .onOff("ramfb", m.ramfb());
            case HostdevSource.Pci p -> {
                // no further attributes
            }
            case HostdevSource.Usb u -> {
                // no further attributes
            }
        }
        sourceElements(h.source(), false).forEach(x::child);
        x.child(teaming(h.teaming()));
        if (h.readonly()) {
            x.child(XmlOut.element("readonly"));
        }
        if (h.shareable()) {
            x.child(XmlOut.element("shareable"));
        }
        if (h.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", h.bootOrder()));
        }
        if (h.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", h.alias()));
        }
        x.child(RomDef.write(h.rom()));
        x.child(acpi(h.acpiIndex()));
        return x.child(AddressParser.format(h.address()));
    }

    /**
     * The {@code <driver>} and {@code <source>} of a PCI or USB host device; an interface's write the
     * address type ({@code <address type='pci' ...>}).
     */
    static List<XmlOut> sourceElements(HostdevSource source, boolean typedAddress) {
        return switch (source) {
            case HostdevSource.Pci p -> {
                XmlOut src = XmlOut.element("source").child(pciAddress(p.host(), typedAddress));
                yield p.driver() == null ? List.of(src) : List.of(XmlOut.element("driver").attr("name", p.driver()), src);
            }
            case HostdevSource.Usb u -> {
                XmlOut src = XmlOut.element("source").attr("startupPolicy", u.startupPolicy())
                        .attr("guestReset", u.guestReset());
                if (u.vendor() != null) {
                    src.child(XmlOut.element("vendor").attr("id", String.format("0x%04x", u.vendor())));
                    src.child(XmlOut.element("product").attr("id", String.format("0x%04x", u.product())));
                }
                if (u.bus() != null) {
                    src.child(XmlOut.element("address").attr("type", typedAddress ? "usb" : null)
                            .attr("bus", u.bus()).attr("device", u.device()));
                }
                yield List.of(src);
            }
            case HostdevSource.Scsi s -> List.of(scsiSource(s.target()));
            case HostdevSource.ScsiHost h -> List.of(XmlOut.element("source").attr("protocol", "vhost")
                    .attr("wwpn", h.wwpn()));
            case HostdevSource.Mdev m -> List.of(XmlOut.element("source")
                    .child(XmlOut.element("address").attr("uuid", m.uuid())));
        };
    }

    /**
     * Reads the {@code <source>} of an {@code <interface type='hostdev'>}: a typed PCI address, or a USB device.
     */
    static HostdevSource interfaceSource(XmlCursor src, HostdevSource.Driver driver) {
        XmlCursor a = src.child("address");
        if (src.child("vendor") != null || (a != null && "usb".equals(a.attr("type")))) {
            if (driver != null) {
                throw src.error(Kind.CONFLICT, "A USB network device has no <driver name>; remove it.");
            }
            return usb(src, true);
        }
        if (a == null) {
            throw src.error(Kind.MISSING_VALUE, "The <source> of an interface of type 'hostdev' needs the <address> of "
                    + "the host's PCI device.");
        }
        String type = a.requireAttr("type");
        if (!type.equals("pci")) {
            throw a.invalid("type", type, "expected pci or usb");
        }
        HostPciAddress host = pciAddress(a, true);
        src.finish();
        return src.build(() -> new HostdevSource.Pci(host, driver));
    }

    /**
     * Reads a device's {@code <alias name>}: a user alias ({@code ua-...}) is kept; one libvirt gave a
     * running domain is dropped, as libvirt drops it when it parses a definition.
     */
    static String userAlias(XmlCursor device) {
        XmlCursor a = device.child("alias");
        if (a == null) {
            return null;
        }
        String name = a.requireAttr("name");
        a.finish();
        return name.startsWith("ua-") ? name : null;
    }

    static HostdevSource.Driver driver(XmlCursor c) {
        XmlCursor d = c.child("driver");
        if (d == null) {
            return null;
        }
        HostdevSource.Driver driver = d.requireEnumAttr("name", HostdevSource.Driver.class);
        d.finish();
        return driver;
    }

    private static HostdevSource.Usb usb(XmlCursor s, boolean typedAddress) {
        HostdevSource.StartupPolicy policy = s.enumAttr("startupPolicy", HostdevSource.StartupPolicy.class);
        HostdevSource.GuestReset reset = s.enumAttr("guestReset", HostdevSource.GuestReset.class);
        Integer vendor = usbId(s.child("vendor"));
        Integer product = usbId(s.child("product"));
        Integer bus = null;
        Integer device = null;
        XmlCursor a = s.child("address");
        if (a != null) {
            if (typedAddress) {
                a.attr("type");
            }
            a.requireAttr("bus");
            a.requireAttr("device");
            bus = a.intAttr("bus", 0xffff);
            device = a.intAttr("device", 0xffff);
            a.finish();
        }
        s.finish();
        Integer fb = bus;
        Integer fd = device;
        return s.build(() -> new HostdevSource.Usb(vendor, product, fb, fd, policy, reset));
    }

    private static Integer usbId(XmlCursor c) {
        if (c == null) {
            return null;
        }
        c.requireAttr("id");
        Integer id = c.intAttr("id", 0xffff);
        c.finish();
        return id;
    }

    private static HostdevSource.Scsi scsi(XmlCursor c) {
        HostdevSource.Sgio sgio = c.enumAttr("sgio", HostdevSource.Sgio.class);
        Boolean rawio = c.yesNoAttr("rawio");
        XmlCursor s = c.requireChild("source");
        String protocol = s.attr("protocol");
        HostdevSource.ScsiTarget target;
        if (protocol == null || protocol.equals("adapter")) {
            XmlCursor ad = s.requireChild("adapter");
            String adapterType = ad.attr("type");
            if (adapterType != null && !adapterType.equals("scsi_host")) {
                throw ad.error(Kind.UNSUPPORTED, "A SCSI host device names its adapter as <adapter name='scsi_hostN'/>; "
                        + "fc_host adapters are for storage pools.");
            }
            String name = ad.requireAttr("name");
            ad.finish();
            XmlCursor a = s.requireChild("address");
            a.requireAttr("bus");
            a.requireAttr("target");
            a.requireAttr("unit");
            int bus = a.intAttr("bus", 0xffff);
            int tgt = a.intAttr("target", 0xffff);
            long unit = a.longAttr("unit", 0xffffffffL);
            a.finish();
            target = s.build(() -> new HostdevSource.ScsiAdapter(name, bus, tgt, unit));
        } else if (protocol.equals("iscsi")) {
            target = iscsi(s);
        } else {
            throw s.invalid("protocol", protocol, "expected adapter or iscsi");
        }
        s.finish();
        HostdevSource.ScsiTarget ft = target;
        return c.build(() -> new HostdevSource.Scsi(ft, sgio, rawio));
    }

    private static HostdevSource.Iscsi iscsi(XmlCursor s) {
        String name = s.requireAttr("name");
        List<XmlCursor> hosts = s.children("host");
        if (hosts.size() != 1) {
            throw s.error(Kind.INVALID_VALUE, "An iSCSI host device needs exactly one <host>, not " + hosts.size() + ".");
        }
        XmlCursor h = hosts.getFirst();
        String host = h.requireAttr("name");
        Integer port = h.intAttr("port", 65535);
        h.finish();
        String user = null;
        String secretType = null;
        String usage = null;
        UUID secretUuid = null;
        XmlCursor auth = s.child("auth");
        if (auth != null) {
            user = auth.requireAttr("username");
            XmlCursor secret = auth.requireChild("secret");
            secretType = secret.attr("type");
            usage = secret.attr("usage");
            String u = secret.attr("uuid");
            secretUuid = u == null ? null : uuid(secret, u);
            secret.finish();
            auth.finish();
        }
        String initiator = null;
        XmlCursor init = s.child("initiator");
        if (init != null) {
            XmlCursor iqn = init.requireChild("iqn");
            initiator = iqn.requireAttr("name");
            iqn.finish();
            init.finish();
        }
        String fu = user;
        String ft = secretType;
        String fus = usage;
        UUID fuuid = secretUuid;
        String fi = initiator;
        return s.build(() -> new HostdevSource.Iscsi(name, host, port, fu, ft, fus, fuuid, fi));
    }

    private static XmlOut scsiSource(HostdevSource.ScsiTarget t) {
        return switch (t) {
            case HostdevSource.ScsiAdapter a -> XmlOut.element("source")
                    .child(XmlOut.element("adapter").attr("name", a.adapter()))
                    .child(XmlOut.element("address").attr("bus", a.bus()).attr("target", a.target())
                            .attr("unit", a.unit()));
            case HostdevSource.Iscsi i -> {
                XmlOut src = XmlOut.element("source").attr("protocol", "iscsi").attr("name", i.name())
                        .child(XmlOut.element("host").attr("name", i.host()).attr("port", i.port()));
                if (i.authUsername() != null) {
                    src.child(XmlOut.element("auth").attr("username", i.authUsername())
                            .child(XmlOut.element("secret").attr("type", i.authSecretType())
                                    .attr("usage", i.authSecretUsage()).attr("uuid", i.authSecretUuid())));
                }
                if (i.initiatorIqn() != null) {
                    src.child(XmlOut.element("initiator").child(XmlOut.element("iqn").attr("name", i.initiatorIqn())));
                }
                yield src;
            }
        };
    }

    private static HostPciAddress pciAddress(XmlCursor a, boolean typed) {
        if (typed) {
            a.attr("type");
        }
        int domain = num(a, "domain", 0xffff);
        a.requireAttr("bus");
        a.requireAttr("slot");
        a.requireAttr("function");
        int bus = num(a, "bus", 0xff);
        int slot = num(a, "slot", 0x1f);
        int function = num(a, "function", 7);
        a.finish();
        return a.build(() -> new HostPciAddress(domain, bus, slot, function));
    }

    private static int num(XmlCursor c, String attr, int max) {
        Integer v = c.intAttr(attr, max);
        return v == null ? 0 : v;
    }

    private static XmlOut pciAddress(HostPciAddress p, boolean typed) {
        return XmlOut.element("address").attr("type", typed ? "pci" : null)
                .attr("domain", String.format("0x%04x", p.domain())).attr("bus", String.format("0x%02x", p.bus()))
                .attr("slot", String.format("0x%02x", p.slot())).attr("function", String.format("0x%x", p.function()));
    }

    private static UUID uuid(XmlCursor c, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw c.error(Kind.INVALID_VALUE, "'" + text + "' is not a UUID such as 53764d0e-85a0-42b4-af5c-2046b460b1dc.");
        }
    }

    static TeamingDef teaming(XmlCursor c) {
        if (c == null) {
            return null;
        }
        TeamingDef.Type type = c.requireEnumAttr("type", TeamingDef.Type.class);
        String persistent = c.attr("persistent");
        c.finish();
        return c.build(() -> new TeamingDef(type, persistent));
    }

    static XmlOut teaming(TeamingDef t) {
        return t == null ? null : XmlOut.element("teaming").attr("type", t.type()).attr("persistent", t.persistent());
    }

    static Integer acpiIndex(XmlCursor c) {
        if (c == null) {
            return null;
        }
        c.requireAttr("index");
        Integer index = c.intAttr("index", 16383);
        c.finish();
        return index;
    }

    static XmlOut acpi(Integer index) {
        return index == null ? null : XmlOut.element("acpi").attr("index", index);
    }
}
