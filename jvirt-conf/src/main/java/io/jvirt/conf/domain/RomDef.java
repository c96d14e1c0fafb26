package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/**
 * The {@code <rom>} element of a PCI device (an interface or a host device): whether the guest
 * sees an option ROM, and which file it is.
 *
 * @param enabled false for no ROM at all ({@code enabled='no'}), or null
 * @param bar whether the ROM is visible in the device's ROM BAR, or null for QEMU's default
 * @param file the ROM image on the host, or null for the device's own; empty is libvirt's older way
 *     of saying no ROM ({@code enabled='no'} today)
 */
public record RomDef(Boolean enabled, Boolean bar, String file) {

    /** Validates the combination, as libvirt's parser does. */
    public RomDef {
        if (file != null && !file.isEmpty()) {
            Checks.path(file, "The ROM file");
        }
        if (Boolean.FALSE.equals(enabled) && (bar != null || file != null)) {
            throw new ConfException(Kind.CONFLICT,
                    "A <rom enabled='no'> cannot also set 'bar' or 'file'; remove them or enable the ROM.");
        }
        if (enabled == null && bar == null && file == null) {
            throw new ConfException(Kind.MISSING_VALUE, "<rom> needs at least one of 'enabled', 'bar' or 'file'.");
        }
    }

    /** Returns whether the guest sees no ROM: {@code enabled='no'} or an empty file. */
    public boolean disabled() {
        return Boolean.FALSE.equals(enabled) || "".equals(file);
    }

    static RomDef read(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Boolean enabled = c.yesNoAttr("enabled");
        Boolean bar = c.onOffAttr("bar");
        String file = c.attr("file");
        c.finish();
        return c.build(() -> new RomDef(enabled, bar, file));
    }

    static XmlOut write(RomDef rom) {
        return rom == null ? null
                : XmlOut.element("rom").yesNo("enabled", rom.enabled()).onOff("bar", rom.bar()).attr("file", rom.file());
    }
}
