package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.Map;

/**
 * Reads {@code --boot}: boot devices ({@code hd,cdrom,network,fd}), {@code menu=},
 * {@code useserial=}, {@code bios.rebootTimeout=}, a direct kernel boot ({@code kernel=,initrd=,
 * kernel_args=}), UEFI ({@code uefi}, {@code firmware=efi}, {@code firmware.featureN.name/enabled})
 * and an explicit loader ({@code loader=,loader.readonly=,loader.type=,loader.secure=,nvram.template=}).
 */
final class BootOptions {
    private static final Map<String, String> DEVICES = Map.of("hd", "hd", "cdrom", "cdrom", "network", "network",
            "fd", "fd", "floppy", "fd");

    private BootOptions() {
    }

    /**
     * Reads the option into {@code g}.
     *
     * @param g the guest
     * @param text the option's value
     * @param p the problems
     * @return whether UEFI was asked for
     */
    static boolean read(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--boot", text);
        boolean uefi = false;
        for (String b : o.bares()) {
            if (b.equals("uefi")) {
                uefi = true;
            } else if (DEVICES.containsKey(b)) {
                g.bootDevices.add(DEVICES.get(b));
            } else {
                p.bad("--boot '" + b + "' is not a boot device; use hd, cdrom, network, fd or uefi.");
            }
        }
        String firmware = o.get("firmware");
        if ("efi".equals(firmware)) {
            uefi = true;
        } else if (firmware != null) {
            p.bad("--boot firmware='" + firmware + "' is not known; use efi, or leave it out for BIOS.");
        }
        if (uefi) {
            g.firmware = "efi";
        }
        XmlOut fw = XmlOut.element("firmware");
        for (int i = 0; i < 8; i++) {
            String name = o.get("firmware.feature" + i + ".name");
            Boolean enabled = o.bool(p, "firmware.feature" + i + ".enabled");
            if (name != null) {
                fw.child(XmlOut.element("feature").yesNo("enabled", enabled).attr("name", name));
            }
        }
        if (!fw.isEmpty()) {
            g.osExtras.add(fw);
        }
        String loader = o.get("loader");
        if (loader != null) {
            g.osExtras.add(XmlOut.element("loader").yesNo("readonly", o.bool(p, "loader.readonly", "loader_ro"))
                    .yesNo("secure", o.bool(p, "loader.secure", "loader_secure"))
                    .attr("type", o.get("loader.type", "loader_type")).text(loader));
        }
        String nvramTemplate = o.get("nvram.template", "nvram_template");
        String nvram = o.get("nvram");
        if (nvramTemplate != null || nvram != null) {
            XmlOut n = XmlOut.element("nvram").attr("template", nvramTemplate);
            if (nvram != null) {
                n.text(nvram);
            }
            g.osExtras.add(n);
        }
        g.kernel = o.get("kernel");
        g.initrd = o.get("initrd");
        g.cmdline = o.get("kernel_args", "cmdline");
        Boolean menu = o.bool(p, "menu", "bootmenu.enable");
        if (menu != null) {
            g.osExtras.add(XmlOut.element("bootmenu").yesNo("enable", menu));
        }
        Boolean serial = o.bool(p, "useserial", "bios.useserial");
        String reboot = o.get("bios.reboottimeout", "reboottimeout");
        if (serial != null || reboot != null) {
            g.osExtras.add(XmlOut.element("bios").yesNo("useserial", serial).attr("rebootTimeout", reboot));
        }
        o.reportUnused(p);
        return uefi;
    }
}
