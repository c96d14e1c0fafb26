package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlOut;

/** Writes {@code <os>} and {@code <sysinfo>} in libvirt's element and attribute order. */
final class OsFormatter {

    private OsFormatter() {
    }

    static XmlOut os(OsDef os) {
        XmlOut o = XmlOut.element("os").attr("firmware", os.firmware());
        o.child(XmlOut.element("type").attr("arch", os.arch()).attr("machine", os.machine()).text("hvm"));
        if (os.firmwareFeatures() != null) {
            XmlOut fw = XmlOut.element("firmware");
            OsDef.FirmwareFeatures f = os.firmwareFeatures();
            if (f.enrolledKeys() != null) {
                fw.child(XmlOut.element("feature").yesNo("enabled", f.enrolledKeys()).attr("name", "enrolled-keys"));
            }
            if (f.secureBoot() != null) {
                fw.child(XmlOut.element("feature").yesNo("enabled", f.secureBoot()).attr("name", "secure-boot"));
            }
            o.child(fw);
        }
        if (os.loader() != null) {
            OsDef.Loader l = os.loader();
            o.child(XmlOut.element("loader").yesNo("readonly", l.readonly()).yesNo("secure", l.secure())
                    .attr("type", l.type()).yesNo("stateless", l.stateless()).attr("format", l.format())
                    .text(l.path()));
        }
        if (os.nvram() != null) {
            OsDef.Nvram n = os.nvram();
            XmlOut nv = XmlOut.element("nvram").attr("template", n.template());
            if (n.sourceStyle()) {
                nv.attr("type", "file").attr("format", n.format())
                        .child(XmlOut.element("source").attr("file", n.path()));
            } else {
                nv.attr("format", n.format()).text(n.path());
            }
            o.child(nv);
        }
        o.textChild("kernel", os.kernel());
        o.textChild("initrd", os.initrd());
        o.textChild("cmdline", os.cmdline());
        o.textChild("dtb", os.dtb());
        if (os.acpiSlic() != null) {
            o.child(XmlOut.element("acpi").child(XmlOut.element("table").attr("type", "slic").text(os.acpiSlic())));
        }
        for (OsDef.BootDevice b : os.boot()) {
            o.child(XmlOut.element("boot").attr("dev", b));
        }
        if (os.bootMenu() != null) {
            o.child(XmlOut.element("bootmenu").yesNo("enable", os.bootMenu().enable())
                    .attr("timeout", os.bootMenu().timeoutMs()));
        }
        if (os.bios() != null) {
            o.child(XmlOut.element("bios").yesNo("useserial", os.bios().useSerial())
                    .attr("rebootTimeout", os.bios().rebootTimeoutMs()));
        }
        if (os.smbios() != null) {
            o.child(XmlOut.element("smbios").attr("mode", os.smbios()));
        }
        return o;
    }

    static XmlOut sysinfo(SysinfoDef s) {
        return switch (s) {
            case SysinfoDef.Smbios sm -> {
                XmlOut x = XmlOut.element("sysinfo").attr("type", "smbios");
                x.child(block(sm.bios()));
                x.child(block(sm.system()));
                sm.baseBoards().forEach(b -> x.child(block(b)));
                x.child(block(sm.chassis()));
                if (!sm.oemStrings().isEmpty()) {
                    XmlOut oem = XmlOut.element("oemStrings");
                    sm.oemStrings().forEach(v -> oem.child(XmlOut.element("entry").text(v)));
                    x.child(oem);
                }
                yield x;
            }
            case SysinfoDef.FwCfg f -> {
                XmlOut x = XmlOut.element("sysinfo").attr("type", "fwcfg");
                for (SysinfoDef.FwCfgEntry e : f.entries()) {
                    x.child(XmlOut.element("entry").attr("name", e.name()).attr("file", e.file()).text(e.value()));
                }
                yield x;
            }
        };
    }

    private static XmlOut block(SysinfoDef.Block b) {
        if (b == null) {
            return null;
        }
        XmlOut x = XmlOut.element(b.kind().element());
        b.entries().forEach((name, value) -> x.child(XmlOut.element("entry").attr("name", name).text(value)));
        return x;
    }
}
