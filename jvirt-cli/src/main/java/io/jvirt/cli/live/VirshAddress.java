package io.jvirt.cli.live;

import io.jvirt.conf.xml.XmlOut;

import java.util.Locale;

/**
 * virsh's {@code --address} of attach-disk: {@code pci:DOMAIN.BUS.SLOT.FUNCTION} (hexadecimal),
 * {@code scsi:|sata:|ide:CONTROLLER.BUS.UNIT} and {@code usb:BUS.PORT} (decimal), written as the
 * {@code <address>} element virsh writes.
 */
final class VirshAddress {
    private VirshAddress() {
    }

    /**
     * The element for an address; the disk's target decides which types fit, as in virsh.
     *
     * @throws IllegalArgumentException with virsh's message when the address is malformed or does not fit
     */
    static XmlOut element(String address, String target, boolean multifunction) {
        int colon = address.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Invalid address.");
        }
        String type = address.substring(0, colon);
        String[] p = address.substring(colon + 1).split("\\.", -1);
        if (target.startsWith("vd") && !type.equals("pci")) {
            throw new IllegalArgumentException("expecting a pci:0000.00.00.00 or ccw:00.0.0000 address.");
        }
        if (target.startsWith("sd") && !type.equals("scsi") && !type.equals("usb") && !type.equals("sata")) {
            throw new IllegalArgumentException("expecting a scsi:00.00.00 or usb:00.00 or sata:00.00.00 address.");
        }
        if (target.startsWith("hd") && !type.equals("ide")) {
            throw new IllegalArgumentException("expecting an ide:00.00.00 address.");
        }
        try {
            return switch (type) {
                case "pci" -> {
                    need(p, 4);
                    XmlOut x = XmlOut.element("address").attr("type", "pci")
                            .attr("domain", String.format(Locale.ROOT, "0x%04x", Integer.parseInt(p[0], 16)))
                            .attr("bus", String.format(Locale.ROOT, "0x%02x", Integer.parseInt(p[1], 16)))
                            .attr("slot", String.format(Locale.ROOT, "0x%02x", Integer.parseInt(p[2], 16)))
                            .attr("function", String.format(Locale.ROOT, "0x%x", Integer.parseInt(p[3], 16)));
                    yield multifunction ? x.attr("multifunction", "on") : x;
                }
                case "scsi", "sata", "ide" -> {
                    need(p, 3);
                    yield XmlOut.element("address").attr("type", "drive").attr("controller", Integer.parseInt(p[0]))
                            .attr("bus", Integer.parseInt(p[1])).attr("unit", Long.parseLong(p[2]));
                }
                case "usb" -> {
                    need(p, 2);
                    yield XmlOut.element("address").attr("type", "usb").attr("bus", Integer.parseInt(p[0]))
                            .attr("port", Integer.parseInt(p[1]));
                }
                default -> throw new IllegalArgumentException("Invalid address.");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid address.", e);
        }
    }

    private static void need(String[] parts, int n) {
        if (parts.length != n) {
            throw new IllegalArgumentException("Invalid address.");
        }
    }
}
