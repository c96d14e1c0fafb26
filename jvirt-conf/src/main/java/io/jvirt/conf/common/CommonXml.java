package io.jvirt.conf.common;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlOut;
import io.jvirt.conf.xml.XmlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Reads and writes the XML pieces that domain and network documents share: {@code <vlan>},
 * {@code <bandwidth>}, {@code <uuid>}, {@code <metadata>} and IP address attributes. Used by
 * the parsers and formatters; not API.
 */
public final class CommonXml {

    private CommonXml() {
    }

    /**
     * Reads a {@code <uuid>} element, or generates a random (version 4) UUID when it is absent.
     *
     * @param c the element, or null
     * @param random the source for a generated UUID
     * @return the UUID
     */
    public static UUID uuid(XmlCursor c, RandomGenerator random) {
        if (c == null) {
            return randomUuid(random);
        }
        String text = c.requireText();
        c.finish();
        String hex = text.replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw c.error(Kind.INVALID_VALUE, "The UUID '" + ConfChecks.printable(text) + "' is not valid; write 32 hex digits, "
                    + "optionally grouped with dashes as 8-4-4-4-12.");
        }
        String canonical = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
        return UUID.fromString(canonical);
    }

    /**
     * Generates a random (version 4) UUID.
     *
     * @param random the random source
     * @return the UUID
     */
    public static UUID randomUuid(RandomGenerator random) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /**
     * Reads a {@code <metadata>} element: applications' own XML, kept verbatim.
     *
     * @param c the element, or null
     * @return its children as canonical XML, or null when absent or empty
     */
    public static String metadata(XmlCursor c) {
        if (c == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (XmlElement e : c.rawChildren()) {
            sb.append(XmlOut.from(e).render());
        }
        c.finish();
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * Writes a {@code <metadata>} element.
     *
     * @param metadata the children as XML, or null
     * @return the element, or null
     */
    public static XmlOut metadata(String metadata) {
        return metadata == null ? null : XmlOut.from(XmlReader.read("<metadata>" + metadata + "</metadata>"));
    }

    /**
     * Reads an optional IP address attribute.
     *
     * @param c the element
     * @param name the attribute name
     * @return the address, or null when the attribute is absent
     */
    public static IpAddress ipAttr(XmlCursor c, String name) {
        String v = c.attr(name);
        if (v == null) {
            return null;
        }
        IpAddress a = IpAddress.tryParse(v);
        if (a == null) {
            throw c.invalid(name, v, "expected an IPv4 address such as 192.168.122.1 or an IPv6 address such as "
                    + "2001:db8::1");
        }
        return a;
    }

    /**
     * Reads a required IP address attribute.
     *
     * @param c the element
     * @param name the attribute name
     * @return the address
     */
    public static IpAddress requireIpAttr(XmlCursor c, String name) {
        c.requireAttr(name);
        return ipAttr(c, name);
    }

    /**
     * Reads a {@code <vlan>} element.
     *
     * @param c the element, or null
     * @return the setting, or null when the element is absent
     */
    public static VlanDef vlan(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Boolean trunk = c.yesNoAttr("trunk");
        List<VlanDef.Tag> tags = new ArrayList<>();
        for (XmlCursor t : c.children("tag")) {
            t.requireAttr("id");
            int id = t.intAttr("id", VlanDef.MAX_ID);
            VlanDef.NativeMode mode = t.enumAttr("nativeMode", VlanDef.NativeMode.class);
            t.finish();
            tags.add(t.build(() -> new VlanDef.Tag(id, mode)));
        }
        c.finish();
        if (Boolean.FALSE.equals(trunk) && tags.size() > 1) {
            throw c.error(Kind.CONFLICT, "A <vlan> with more than one tag is a trunk; remove trunk='no'.");
        }
        if (Boolean.FALSE.equals(trunk) && tags.stream().anyMatch(t -> t.nativeMode() != null)) {
            throw c.error(Kind.CONFLICT, "A native VLAN needs a trunk; remove trunk='no' or the 'nativeMode'.");
        }
        return c.build(() -> new VlanDef(Boolean.TRUE.equals(trunk), tags));
    }

    /**
     * Writes a {@code <vlan>} element.
     *
     * @param v the setting, or null
     * @return the element, or null
     */
    public static XmlOut vlan(VlanDef v) {
        if (v == null) {
            return null;
        }
        XmlOut x = XmlOut.element("vlan").attr("trunk", v.trunk() ? "yes" : null);
        for (VlanDef.Tag t : v.tags()) {
            x.child(XmlOut.element("tag").attr("id", t.id()).attr("nativeMode", t.nativeMode()));
        }
        return x;
    }

    /**
     * Reads a {@code <bandwidth>} element.
     *
     * @param c the element, or null
     * @param floorAllowed whether {@code <inbound floor>} is accepted here
     * @param where the owner for the message when a floor is not accepted, such as "a network"
     * @return the limits, or null when the element is absent or empty
     */
    public static BandwidthDef bandwidth(XmlCursor c, boolean floorAllowed, String where) {
        if (c == null) {
            return null;
        }
        BandwidthDef.Rate in = rate(c.child("inbound"), floorAllowed, where);
        BandwidthDef.Rate out = rate(c.child("outbound"), false, where);
        c.finish();
        if (in == null && out == null) {
            return null;
        }
        return c.build(() -> new BandwidthDef(in, out));
    }

    private static BandwidthDef.Rate rate(XmlCursor c, boolean floorAllowed, String where) {
        if (c == null) {
            return null;
        }
        Long average = c.longAttr("average", BandwidthDef.MAX_VALUE);
        Long peak = c.longAttr("peak", BandwidthDef.MAX_VALUE);
        Long burst = c.longAttr("burst", BandwidthDef.MAX_VALUE);
        Long floor = c.longAttr("floor", BandwidthDef.MAX_VALUE);
        c.finish();
        if (floor != null && !floorAllowed) {
            throw c.error(Kind.CONFLICT, c.name().equals("outbound")
                    ? "Only the inbound rate may have a 'floor'; remove it from <outbound>."
                    : "A bandwidth 'floor' is not supported on " + where + "; remove it.");
        }
        return c.build(() -> new BandwidthDef.Rate(average, peak, burst, floor));
    }

    /**
     * Writes a {@code <bandwidth>} element, attributes in libvirt's order.
     *
     * @param b the limits, or null
     * @return the element, or null
     */
    public static XmlOut bandwidth(BandwidthDef b) {
        if (b == null) {
            return null;
        }
        return XmlOut.element("bandwidth").child(rate("inbound", b.inbound())).child(rate("outbound", b.outbound()));
    }

    private static XmlOut rate(String name, BandwidthDef.Rate r) {
        if (r == null) {
            return null;
        }
        return XmlOut.element(name).attr("average", r.average()).attr("peak", r.peak()).attr("floor", r.floor())
                .attr("burst", r.burst());
    }
}
