package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/** Reads and writes {@code <address>} elements. */
final class AddressParser {

    private AddressParser() {
    }

    static Address address(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String type = c.requireAttr("type");
        Address a = switch (type) {
            case "pci" -> {
                int domain = num(c, "domain", 0xffff);
                int bus = num(c, "bus", 0xff);
                int slot = num(c, "slot", 0x1f);
                int function = num(c, "function", 7);
                Boolean multi = c.onOffAttr("multifunction");
                yield c.build(() -> new Address.Pci(domain, bus, slot, function, multi));
            }
            case "drive" -> {
                int controller = num(c, "controller", 65535);
                int bus = num(c, "bus", 65535);
                int target = num(c, "target", 65535);
                int unit = num(c, "unit", 65535);
                yield c.build(() -> new Address.Drive(controller, bus, target, unit));
            }
            case "virtio-serial" -> {
                int controller = num(c, "controller", 65535);
                int bus = num(c, "bus", 65535);
                int port = num(c, "port", 65535);
                yield c.build(() -> new Address.VirtioSerial(controller, bus, port));
            }
            case "usb" -> {
                int bus = num(c, "bus", 65535);
                String port = c.attr("port");
                yield c.build(() -> new Address.Usb(bus, port));
            }
            case "isa" -> {
                Integer iobase = c.intAttr("iobase", 0xffff);
                Integer irq = c.intAttr("irq", 0xff);
                yield c.build(() -> new Address.Isa(iobase, irq));
            }
            case "ccid" -> {
                int controller = num(c, "controller", 65535);
                int slot = num(c, "slot", 65535);
                yield c.build(() -> new Address.Ccid(controller, slot));
            }
            case "unassigned" -> new Address.Unassigned();
            default -> throw c.error(Kind.INVALID_VALUE, "The address type '" + type
                    + "' is not supported; use pci, drive, virtio-serial, usb, isa, ccid or unassigned.");
        };
        c.finish();
        return a;
    }

    private static int num(XmlCursor c, String attr, int max) {
        Integer v = c.intAttr(attr, max);
        return v == null ? 0 : v;
    }

    static XmlOut format(Address address) {
        if (address == null) {
            return null;
        }
        return switch (address) {
            case Address.Pci p -> XmlOut.element("address").attr("type", "pci")
                    .attr("domain", String.format("0x%04x", p.domain()))
                    .attr("bus", String.format("0x%02x", p.bus()))
                    .attr("slot", String.format("0x%02x", p.slot()))
                    .attr("function", String.format("0x%x", p.function()))
                    .onOff("multifunction", p.multifunction());
            case Address.Drive d -> XmlOut.element("address").attr("type", "drive")
                    .attr("controller", d.controller()).attr("bus", d.bus())
                    .attr("target", d.target()).attr("unit", d.unit());
            case Address.VirtioSerial v -> XmlOut.element("address").attr("type", "virtio-serial")
                    .attr("controller", v.controller()).attr("bus", v.bus()).attr("port", v.port());
            case Address.Usb u -> XmlOut.element("address").attr("type", "usb")
                    .attr("bus", u.bus()).attr("port", u.port());
            case Address.Isa i -> XmlOut.element("address").attr("type", "isa")
                    .attr("iobase", i.iobase() == null ? null : String.format("0x%x", i.iobase()))
                    .attr("irq", i.irq() == null ? null : String.format("0x%x", i.irq()));
            case Address.Ccid c -> XmlOut.element("address").attr("type", "ccid")
                    .attr("controller", c.controller()).attr("slot", c.slot());
            case Address.Unassigned u -> XmlOut.element("address").attr("type", "unassigned");
        };
    }
}
