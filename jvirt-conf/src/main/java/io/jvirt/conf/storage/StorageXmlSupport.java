package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Reading and writing the parts pool and volume documents share: UUIDs, sizes, permissions. */
final class StorageXmlSupport {

    private StorageXmlSupport() {
    }

    /** A {@code <uuid>} as {@link CommonXml#uuid} reads it; a missing one is generated here. */
    static UUID uuid(XmlCursor c, RandomGenerator random) {
        return c == null ? randomUuid(random) : CommonXml.uuid(c, random);
    }

    private static UUID randomUuid(RandomGenerator random) {
        long msb = random.nextLong();
        long lsb = random.nextLong();
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * Reads a size element such as {@code <capacity unit='G'>10</capacity>}.
     *
     * @param c the element, or null
     * @param what what it is, for messages
     * @return bytes, or null when the element is absent
     */
    static Long size(XmlCursor c, String what) {
        if (c == null) {
            return null;
        }
        String unit = c.attr("unit");
        String text = c.text();
        c.finish();
        if (text == null) {
            throw c.error(Kind.MISSING_VALUE, "<" + c.name() + "> must contain a size.");
        }
        return c.build(() -> StorageUnits.toBytes(text, unit, what));
    }

    static XmlOut size(String name, Long bytes) {
        return bytes == null ? null : XmlOut.element(name).attr("unit", "bytes").text(Long.toString(bytes));
    }

    static Permissions permissions(XmlCursor c) {
        if (c == null) {
            return Permissions.NONE;
        }
        Integer mode = null;
        XmlCursor m = c.child("mode");
        if (m != null) {
            String t = m.requireText();
            m.finish();
            if (!t.matches("[0-7]{1,4}")) {
                throw m.error(Kind.INVALID_VALUE, "The permission mode '" + StorageChecks.printable(t)
                        + "' is not valid; write an octal mode from 0000 to 0777.");
            }
            mode = Integer.parseInt(t, 8);
        }
        Long owner = id(c.child("owner"), "owner");
        Long group = id(c.child("group"), "group");
        String label = c.childText("label");
        c.finish();
        Integer fm = mode;
        return c.build(() -> new Permissions(fm, owner, group, label));
    }

    private static Long id(XmlCursor c, String what) {
        if (c == null) {
            return null;
        }
        String t = c.requireText();
        c.finish();
        if (!t.matches("-1|[0-9]{1,10}")) {
            throw c.error(Kind.INVALID_VALUE, "The " + what + " '" + StorageChecks.printable(t)
                    + "' is not valid; write a numeric id, or -1.");
        }
        long v = Long.parseLong(t);
        return c.build(() -> {
            new Permissions(null, v, null, null);
            return v;
        });
    }

    static XmlOut permissions(Permissions p) {
        if (p.isEmpty()) {
            return null;
        }
        return XmlOut.element("permissions").textChild("mode", p.modeText()).textChild("owner", p.owner())
                .textChild("group", p.group()).textChild("label", p.label());
    }

    static <E extends Enum<E> & io.jvirt.conf.xml.XmlEnum> E formatType(XmlCursor c, Class<E> type) {
        if (c == null) {
            return null;
        }
        E e = c.requireEnumAttr("type", type);
        c.finish();
        return e;
    }
}
