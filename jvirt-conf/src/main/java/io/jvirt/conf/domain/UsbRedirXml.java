package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code <redirdev>}, {@code <redirfilter>} and {@code <smartcard>} elements. */
final class UsbRedirXml {

    private UsbRedirXml() {
    }

    static RedirdevDef redirdev(XmlCursor c) {
        String bus = c.attr("bus");
        if (bus != null && !bus.equals("usb")) {
            throw c.invalid("bus", bus, "expected usb");
        }
        // libvirt's channel of USB redirection over QEMU's D-Bus display
        CharSource source = CharSourceXml.read(c, true, "org.qemu.usbredir");
        Integer boot = DeviceParser.bootOrder(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new RedirdevDef(source, boot, address));
    }

    static XmlOut redirdev(RedirdevDef r) {
        XmlOut x = XmlOut.element("redirdev").attr("bus", "usb").attr("type", r.source().type());
        CharSourceXml.addSource(x, r.source());
        if (r.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", r.bootOrder()));
        }
        return x.child(AddressParser.format(r.address()));
    }

    static RedirFilterDef redirfilter(XmlCursor c) {
        List<RedirFilterDef.Rule> rules = new ArrayList<>();
        for (XmlCursor u : c.children("usbdev")) {
            Integer usbClass = anyOrNumber(u, "class", 0xff);
            Integer vendor = anyOrNumber(u, "vendor", 0xffff);
            Integer product = anyOrNumber(u, "product", 0xffff);
            String version = u.attr("version");
            u.requireAttr("allow");
            boolean allow = u.yesNoAttr("allow");
            u.finish();
            rules.add(u.build(() -> new RedirFilterDef.Rule(usbClass, vendor, product, version, allow)));
        }
        c.finish();
        return new RedirFilterDef(rules);
    }

    private static Integer anyOrNumber(XmlCursor c, String attr, int max) {
        String v = c.attr(attr);
        return v == null ? null : v.equals("-1") ? Integer.valueOf(-1) : c.intAttr(attr, max);
    }

    static XmlOut redirfilter(RedirFilterDef f) {
        if (f.rules().isEmpty()) {
            return null;
        }
        XmlOut x = XmlOut.element("redirfilter");
        for (RedirFilterDef.Rule r : f.rules()) {
            x.child(XmlOut.element("usbdev")
                    .attr("class", hex(r.usbClass(), "0x%02X"))
                    .attr("vendor", hex(r.vendor(), "0x%04X"))
                    .attr("product", hex(r.product(), "0x%04X"))
                    .attr("version", r.version()).yesNo("allow", r.allow()));
        }
        return x;
    }

    private static String hex(Integer v, String format) {
        return v == null ? null : v == -1 ? "-1" : String.format(format, v);
    }

    static SmartcardDef smartcard(XmlCursor c) {
        SmartcardDef.Mode mode = c.requireEnumAttr("mode", SmartcardDef.Mode.class);
        List<String> certificates = new ArrayList<>();
        String database = null;
        CharSource passthrough = null;
        switch (mode) {
            case HOST -> {
                // the host's reader
            }
            case HOST_CERTIFICATES -> {
                for (XmlCursor cert : c.children("certificate")) {
                    certificates.add(cert.requireText());
                    cert.finish();
                }
                database = c.childText("database");
            }
            case PASSTHROUGH -> {
                if (c.attr("type") == null) {
                    throw c.error(Kind.MISSING_VALUE, "A smartcard in passthrough mode needs a character device "
                            + "type, such as type='spicevmc'.");
                }
                passthrough = CharSourceXml.read(c, true);
            }
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        String fd = database;
        CharSource fp = passthrough;
        return c.build(() -> new SmartcardDef(mode, certificates, fd, fp, address));
    }

    static XmlOut smartcard(SmartcardDef s) {
        XmlOut x = XmlOut.element("smartcard").attr("mode", s.mode());
        if (s.passthrough() != null) {
            x.attr("type", s.passthrough().type());
            CharSourceXml.addSource(x, s.passthrough());
        }
        s.certificates().forEach(cert -> x.textChild("certificate", cert));
        x.textChild("database", s.database());
        return x.child(AddressParser.format(s.address()));
    }
}
