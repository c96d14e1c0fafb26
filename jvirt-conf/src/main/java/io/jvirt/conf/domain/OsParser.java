package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code <os>} into an {@link OsDef}. */
final class OsParser {

    private OsParser() {
    }

    static OsDef os(XmlCursor c) {
        OsDef.Builder b = new OsDef.Builder();
        b.firmware(c.enumAttr("firmware", OsDef.Firmware.class));
        XmlCursor typeEl = c.requireChild("type");
        String osType = typeEl.requireText();
        if (!osType.equals("hvm")) {
            throw typeEl.error(Kind.INVALID_VALUE,
                    "The OS type '" + osType + "' is not supported; QEMU guests use 'hvm'.");
        }
        b.arch(typeEl.attr("arch")).machine(typeEl.attr("machine"));
        typeEl.finish();
        XmlCursor fw = c.child("firmware");
        if (fw != null) {
            b.firmwareFeatures(firmwareFeatures(fw));
        }
        XmlCursor l = c.child("loader");
        if (l != null) {
            b.loader(loader(l));
        }
        XmlCursor n = c.child("nvram");
        if (n != null) {
            b.nvram(nvram(n));
        }
        b.kernel(c.childText("kernel")).initrd(c.childText("initrd")).cmdline(c.childText("cmdline"))
                .dtb(c.childText("dtb"));
        XmlCursor acpi = c.child("acpi");
        if (acpi != null) {
            b.acpiSlic(acpiTable(acpi));
        }
        List<OsDef.BootDevice> boot = new ArrayList<>();
        for (XmlCursor bd : c.children("boot")) {
            boot.add(bd.requireEnumAttr("dev", OsDef.BootDevice.class));
            bd.finish();
        }
        b.boot(boot);
        XmlCursor bm = c.child("bootmenu");
        if (bm != null) {
            b.bootMenu(bootMenu(bm));
        }
        XmlCursor bios = c.child("bios");
        if (bios != null) {
            b.bios(bios(bios));
        }
        XmlCursor smbios = c.child("smbios");
        if (smbios != null) {
            b.smbios(smbios.requireEnumAttr("mode", OsDef.SmbiosMode.class));
            smbios.finish();
        }
        for (String container : List.of("init", "initarg", "initenv", "initdir", "inituser", "initgroup")) {
            XmlCursor x = c.child(container);
            if (x != null) {
                throw x.error(Kind.UNSUPPORTED, "<" + container + "> belongs to container domains (<type>exe</type>); "
                        + "a QEMU guest boots a <kernel> with a <cmdline> instead.");
            }
        }
        c.finish();
        return c.build(b::build);
    }

    private static OsDef.FirmwareFeatures firmwareFeatures(XmlCursor c) {
        Boolean enrolledKeys = null;
        Boolean secureBoot = null;
        Set<String> seen = new HashSet<>();
        for (XmlCursor f : c.children("feature")) {
            Boolean enabled = f.yesNoAttr("enabled");
            String name = f.requireAttr("name");
            f.finish();
            if (enabled == null) {
                throw f.error(Kind.MISSING_VALUE, "<feature> is missing the required attribute 'enabled'.");
            }
            if (!seen.add(name)) {
                throw f.error(Kind.DUPLICATE, "The firmware feature '" + name + "' is listed twice.");
            }
            switch (name) {
                case "enrolled-keys" -> enrolledKeys = enabled;
                case "secure-boot" -> secureBoot = enabled;
                default -> throw f.invalid("name", name, "expected enrolled-keys or secure-boot");
            }
        }
        c.finish();
        Boolean keys = enrolledKeys;
        Boolean secure = secureBoot;
        return c.build(() -> new OsDef.FirmwareFeatures(keys, secure));
    }

    private static OsDef.Loader loader(XmlCursor c) {
        Boolean readonly = c.yesNoAttr("readonly");
        Boolean secure = c.yesNoAttr("secure");
        OsDef.Loader.Type type = c.enumAttr("type", OsDef.Loader.Type.class);
        Boolean stateless = c.yesNoAttr("stateless");
        OsDef.ImageFormat format = c.enumAttr("format", OsDef.ImageFormat.class);
        String path = c.text();
        c.finish();
        return c.build(() -> new OsDef.Loader(path, readonly, secure, type, stateless, format));
    }

    private static OsDef.Nvram nvram(XmlCursor c) {
        String template = c.attr("template");
        OsDef.ImageFormat format = c.enumAttr("format", OsDef.ImageFormat.class);
        String type = c.attr("type");
        String path;
        boolean sourceStyle = type != null;
        if (type == null) {
            path = c.text();
        } else if (type.equals("file")) {
            XmlCursor src = c.requireChild("source");
            path = src.requireAttr("file");
            src.finish();
        } else {
            throw c.error(Kind.UNSUPPORTED, "jvirt keeps UEFI variables in local files only, not in an <nvram type='"
                    + type + "'> store; use <nvram type='file'> or a path.");
        }
        c.finish();
        return c.build(() -> new OsDef.Nvram(path, template, format, sourceStyle));
    }

    private static String acpiTable(XmlCursor c) {
        List<XmlCursor> tables = c.children("table");
        c.finish();
        if (tables.size() != 1) {
            throw c.error(Kind.INVALID_VALUE, "<acpi> holds exactly one <table type='slic'>, not " + tables.size()
                    + ".");
        }
        XmlCursor t = tables.getFirst();
        String type = t.requireAttr("type");
        String path = t.requireText();
        t.finish();
        if (!type.equals("slic")) {
            throw t.invalid("type", type, "expected slic");
        }
        return path;
    }

    private static OsDef.BootMenu bootMenu(XmlCursor c) {
        Boolean enable = c.yesNoAttr("enable");
        Integer timeout = c.intAttr("timeout", 65535);
        c.finish();
        if (enable == null) {
            throw c.error(Kind.MISSING_VALUE, "<bootmenu> is missing the required attribute 'enable'.");
        }
        return c.build(() -> new OsDef.BootMenu(enable, timeout));
    }

    private static OsDef.Bios bios(XmlCursor c) {
        Boolean useSerial = c.yesNoAttr("useserial");
        String rt = c.attr("rebootTimeout");
        c.finish();
        Integer timeout = null;
        if (rt != null) {
            try {
                timeout = Integer.valueOf(rt.strip());
            } catch (NumberFormatException e) {
                throw c.invalid("rebootTimeout", rt, "expected a number of milliseconds from -1 to 65535");
            }
        }
        Integer t = timeout;
        return c.build(() -> new OsDef.Bios(useSerial, t));
    }
}
