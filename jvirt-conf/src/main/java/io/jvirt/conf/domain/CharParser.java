package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlEnum;
import io.jvirt.conf.xml.XmlOut;
import java.util.List;

/**
 * Reads and writes {@code <serial>}, {@code <parallel>}, {@code <console>} and
 * {@code <channel>} elements; their host side is {@link CharSourceXml}'s.
 */
final class CharParser {

    /** Serial target types libvirt knows for other machines; QEMU on x86 has none of them. */
    private static final List<String> FOREIGN_SERIAL_TYPES = List.of("spapr-vio-serial", "system-serial",
            "sclp-serial");
    /** Serial target models libvirt knows for other machines. */
    private static final List<String> FOREIGN_SERIAL_MODELS = List.of("spapr-vty", "pl011", "sclpconsole",
            "sclplmconsole", "16550a");
    /** Console target types of other hypervisors and machines. */
    private static final List<String> FOREIGN_CONSOLE_TYPES = List.of("xen", "uml", "lxc", "openvz", "sclp",
            "sclplm");

    private CharParser() {
    }

    static SerialDef serial(XmlCursor c) {
        CharSource source = CharSourceXml.read(c, false);
        SerialDef.TargetType targetType = null;
        Integer port = null;
        SerialDef.TargetModel model = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            String type = t.attr("type");
            if (type != null && !type.equals("none")) {
                targetType = foreign(t, "type", type, FOREIGN_SERIAL_TYPES, SerialDef.TargetType.class);
            }
            port = t.intAttr("port", 65535);
            XmlCursor m = t.child("model");
            if (m != null) {
                model = foreign(m, "name", m.requireAttr("name"), FOREIGN_SERIAL_MODELS, SerialDef.TargetModel.class);
                m.finish();
            }
            t.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        SerialDef.TargetType ft = targetType;
        Integer fp = port;
        SerialDef.TargetModel fm = model;
        return c.build(() -> new SerialDef(source, ft, fp, fm, address));
    }

    private static <E extends Enum<E> & XmlEnum> E foreign(XmlCursor c, String attr, String value,
                                                           List<String> foreign, Class<E> type) {
        if (foreign.contains(value)) {
            throw c.error(Kind.UNSUPPORTED, "The serial target " + attr + " '" + value
                    + "' belongs to another machine (pSeries, ARM, RISC-V or s390); an x86 guest has "
                    + XmlEnum.allowed(type) + ".");
        }
        E e = XmlEnum.fromXml(type, value);
        if (e == null) {
            throw c.invalid(attr, value, "expected one of " + XmlEnum.allowed(type));
        }
        return e;
    }

    static ParallelDef parallel(XmlCursor c) {
        CharSource source = CharSourceXml.read(c, false);
        Integer port = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            port = t.intAttr("port", 65535);
            t.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Integer fp = port;
        return c.build(() -> new ParallelDef(source, fp, address));
    }

    static ConsoleDef console(XmlCursor c) {
        // the legacy <console tty='/dev/pts/N'> of a running domain's XML names the pty
        c.attr("tty");
        CharSource source = CharSourceXml.read(c, false);
        ConsoleDef.TargetType targetType = null;
        Integer port = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            String type = t.attr("type");
            if (type != null && FOREIGN_CONSOLE_TYPES.contains(type)) {
                throw t.error(Kind.UNSUPPORTED, "The console target type '" + type + "' is not one QEMU on x86 "
                        + "has; use serial or virtio.");
            }
            if (type != null && !type.equals("none")) {
                targetType = t.enumAttr("type", ConsoleDef.TargetType.class);
            }
            port = t.intAttr("port", 65535);
            t.finish();
        }
        // a console's address is the one of the serial port it shows, or none
        XmlCursor a = c.child("address");
        if (a != null) {
            AddressParser.address(a);
        }
        c.finish();
        ConsoleDef.TargetType ft = targetType;
        Integer fp = port;
        return c.build(() -> new ConsoleDef(source, ft, fp));
    }

    static ChannelDef channel(XmlCursor c) {
        CharSource source = CharSourceXml.read(c, false);
        XmlCursor t = c.requireChild("target");
        String type = t.requireAttr("type");
        ChannelDef.Target target = switch (type) {
            case "virtio" -> {
                String name = t.attr("name");
                ChannelDef.State state = t.enumAttr("state", ChannelDef.State.class);
                yield t.build(() -> new ChannelDef.Target.Virtio(name, state));
            }
            case "guestfwd" -> {
                String addr = t.requireAttr("address");
                t.requireAttr("port");
                int port = t.intAttr("port", 65535);
                yield t.build(() -> new ChannelDef.Target.Guestfwd(addr, port));
            }
            case "xen" -> throw t.error(Kind.UNSUPPORTED, "The channel target type 'xen' is Xen's; use virtio.");
            default -> throw t.invalid("type", type, "expected virtio or guestfwd");
        };
        t.finish();
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new ChannelDef(source, target, address));
    }

    static XmlOut serial(SerialDef s) {
        XmlOut x = CharSourceXml.element("serial", s.source());
        XmlOut t = XmlOut.element("target").attr("type", s.targetType()).attr("port", s.port());
        if (s.model() != null) {
            t.child(XmlOut.element("model").attr("name", s.model()));
        }
        return x.child(t).child(AddressParser.format(s.address()));
    }

    static XmlOut parallel(ParallelDef p) {
        return CharSourceXml.element("parallel", p.source())
                .child(XmlOut.element("target").attr("port", p.port()))
                .child(AddressParser.format(p.address()));
    }

    static XmlOut console(ConsoleDef c, Address shown) {
        return CharSourceXml.element("console", c.source())
                .child(XmlOut.element("target").attr("type", c.targetType()).attr("port", c.port()))
                .child(AddressParser.format(shown));
    }

    static XmlOut channel(ChannelDef c) {
        XmlOut t = switch (c.target()) {
            case ChannelDef.Target.Virtio v -> XmlOut.element("target").attr("type", "virtio").attr("name", v.name())
                    .attr("state", v.state());
            case ChannelDef.Target.Guestfwd g -> XmlOut.element("target").attr("type", "guestfwd")
                    .attr("address", g.address()).attr("port", g.port());
        };
        return CharSourceXml.element("channel", c.source()).child(t).child(AddressParser.format(c.address()));
    }
}
