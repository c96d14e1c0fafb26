package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the options that give the guest a part of the host into a {@link GuestSpec}:
 * {@code --filesystem} (a shared directory, 9p or virtiofs) and {@code --hostdev} (a PCI or USB
 * device), with virt-install's sub-options and defaults. Host devices are planned from their
 * address alone (virt-install looks them up among libvirt's node devices and writes the same
 * elements); whether the device can be assigned is found out when the guest starts.
 */
final class PassthroughOptions {
    private static final Pattern PCI_NODEDEV =
            Pattern.compile("pci_([0-9a-fA-F]{4})_([0-9a-fA-F]{2})_([0-9a-fA-F]{2})_([0-7])");
    private static final Pattern PCI =
            Pattern.compile("(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\\.([0-7])");
    private static final Pattern USB_ID = Pattern.compile("(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})");
    private static final Pattern USB_BUS_DEVICE = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})");
    private static final Set<String> FS_TYPES = Set.of("mount", "template", "file", "block", "ram", "bind", "volume");
    private static final SubKey.Choice FS_ACCESSMODE = SubKey.oneOf(Set.of("passthrough", "mapped", "squash"),
            "accessmode", "mode");
    private static final SubKey.YesNo FS_READONLY = SubKey.yesNo("readonly");
    private static final SubTable<XmlOut> FS = SubTable.element()
            .texts("", SubTable::attr, "model", "multidevs", "fmode", "dmode")
            .build();
    private static final SubTable<XmlOut> FS_DRIVER = SubTable.element()
            .texts("driver.", SubTable::attr, "format", "queue", "name", "wrpolicy")
            .build();
    private static final SubTable<XmlOut> FS_BINARY = SubTable.element()
            .add(SubKey.text("binary.path"), SubTable.attr("path"))
            .add(SubKey.yesNo("binary.xattr"), SubTable.onOff("xattr"))
            .add(SubKey.text("binary.cache.mode"), SubTable.child("cache", "mode"))
            .build();
    private static final SubTable<XmlOut> FS_BINARY_LOCK = SubTable.element()
            .add(SubKey.yesNo("binary.lock.posix"), SubTable.onOff("posix"))
            .add(SubKey.yesNo("binary.lock.flock"), SubTable.onOff("flock"))
            .build();
    private static final SubKey.Text FS_SANDBOX = SubKey.text("binary.sandbox.mode");
    private static final SubKey.Choice HOSTDEV_DRIVER = SubKey.oneOf(Set.of("vfio", "kvm", "xen"), "driver.name",
            "driver_name");
    private static final SubKey.Number HOSTDEV_BOOT = SubKey.number(1, 65535, "boot.order", "boot_order");
    private static final SubTable<XmlOut> HOSTDEV_ADDRESS = SubTable.element()
            .texts("address.", SubTable::attr, "type", "domain", "bus", "slot", "function", "multifunction",
                    "controller", "unit", "port")
            .build();
    private static final SubKey.YesNo HOSTDEV_ROM_BAR = SubKey.yesNo("rom.bar", "rom_bar");

    private final GuestSpec g;
    private final HostFacts host;
    private final Problems p;
    private boolean virtiofs;

    PassthroughOptions(GuestSpec g, HostFacts host, Problems p) {
        this.g = g;
        this.host = host;
        this.p = p;
    }

    /**
     * {@code --filesystem SOURCE,TARGET} or {@code source=,target=,type=,accessmode=,driver.type=,
     * readonly=,...}: the first two bare values are the source and the target, as in virt-install.
     */
    void filesystem(String text) {
        SubOptions o = SubOptions.parse("--filesystem", text);
        List<String> bares = o.bares();
        String type = o.get("type");
        type = type == null ? "mount" : type;
        if (!FS_TYPES.contains(type)) {
            p.bad("--filesystem type '" + type + "' is not known; use mount (a host directory), file, block, ram, "
                    + "template or volume.");
        }
        String source = o.get("source");
        String target = o.get("target", "target.dir");
        source = source == null && !bares.isEmpty() ? bares.getFirst() : source;
        target = target == null && bares.size() > 1 ? bares.get(1) : target;
        if (bares.size() > 2) {
            p.bad("--filesystem takes at most two plain values (the source and the target); '" + bares.get(2)
                    + "' is one too many.");
        }
        String driverType = o.get("driver.type");
        boolean fs9p = !"virtiofs".equals(driverType);
        String accessmode = FS_ACCESSMODE.read(o, p);
        Boolean readonly = FS_READONLY.read(o, p);
        XmlOut x = FS.fill(o, p, XmlOut.element("filesystem").attr("type", type)
                .attr("accessmode", accessmode != null ? accessmode : fs9p ? "mapped" : null));
        XmlOut driver = FS_DRIVER.fill(o, p, XmlOut.element("driver").attr("type", driverType));
        XmlOut binary = FS_BINARY.fill(o, p, XmlOut.element("binary"));
        XmlOut lock = FS_BINARY_LOCK.fill(o, p, XmlOut.element("lock"));
        binary.child(lock.isEmpty() ? null : lock);
        String sandbox = FS_SANDBOX.read(o, p);
        binary.child(sandbox == null ? null : XmlOut.element("sandbox").attr("mode", sandbox));
        String sourceDir = o.get("source.dir");
        XmlOut src = source(o, type, source);
        String socket = o.get("source.socket");
        if (socket != null) {
            src.attr("socket", socket);
        }
        String hard = o.get("space_hard_limit");
        String soft = o.get("space_soft_limit");
        o.reportUnused(p);

        x.child(driver.isEmpty() ? null : driver).child(binary.isEmpty() ? null : binary).child(src)
                .child(target == null ? null : XmlOut.element("target").attr("dir", target))
                .child(Boolean.TRUE.equals(readonly) ? XmlOut.element("readonly") : null)
                .textChild("space_hard_limit", hard).textChild("space_soft_limit", soft);
        if (target == null) {
            p.bad("--filesystem " + text + " has no target: give the tag the guest mounts, as in --filesystem "
                    + "/srv/share,share or target=share.");
        }
        if (src.isEmpty() && !type.equals("ram")) {
            p.bad("--filesystem " + text + " has no source: give the host directory, as in --filesystem "
                    + "/srv/share,share or source=/srv/share.");
        }
        if (!fs9p) {
            if (!virtiofs) {
                g.sharedMemoryUsers.add("a virtiofs share");
            }
            virtiofs = true;
            if (Boolean.TRUE.equals(readonly)) {
                p.bad("--filesystem " + text + ": a virtiofs share cannot be read-only in libvirt 9.0; leave out "
                        + "readonly=on, or use 9p (no driver.type) for a read-only share.");
            }
            if (accessmode != null && !accessmode.equals("passthrough")) {
                p.bad("--filesystem " + text + ": virtiofs supports only accessmode=passthrough; leave accessmode "
                        + "out or use 9p.");
            }
        }
        String dir = sourceDir != null ? sourceDir : type.equals("mount") ? source : null;
        if (dir != null && socket == null && dir.startsWith("/")) {
            HostFacts.FileFact f = host.file(Path.of(dir));
            if (!f.exists() || !f.directory()) {
                p.add(InstallException.Kind.NOT_FOUND, "The --filesystem source " + dir
                        + " is not a directory on the host; give an existing directory to share.");
            }
        }
        g.add("filesystem", x);
    }

    /** The {@code <source>} of a filesystem: its attribute depends on the type, as in libvirt. */
    private static XmlOut source(SubOptions o, String type, String given) {
        XmlOut src = XmlOut.element("source");
        String attr = switch (type) {
            case "template" -> "name";
            case "file" -> "file";
            case "block" -> "dev";
            case "ram" -> "usage";
            default -> "dir";
        };
        for (String a : List.of("dir", "file", "dev", "name", "usage", "units", "pool", "volume")) {
            String v = o.get("source." + a);
            src.attr(a, v != null ? v : a.equals(attr) ? given : null);
        }
        return src;
    }

    /**
     * {@code --hostdev NAME[,type=,driver.name=,rom.bar=,boot.order=,address.*=]}: NAME is a PCI
     * address ({@code 0000:01:00.0}, {@code 01:00.0}) or libvirt node device name
     * ({@code pci_0000_01_00_0}), or a USB device by {@code VENDOR:PRODUCT} or {@code BUS.DEVICE}.
     */
    void hostdev(String text) {
        SubOptions o = SubOptions.parse("--hostdev", text);
        String name = o.main(null, "name");
        String type = o.get("type");
        XmlOut source = XmlOut.element("source");
        String kind = null;
        if (type != null && Set.of("net", "misc", "storage").contains(type)) {
            p.bad("--hostdev type=" + type + " hands over a host " + type + " device by capability, which only "
                    + "containers take; a QEMU guest takes PCI and USB devices.");
        } else if (name == null) {
            p.bad("--hostdev needs the device: a PCI address such as 0000:01:00.0 or a USB device such as 046d:c52b.");
        } else {
            kind = hostdevSource(name, source);
            if (kind == null) {
                p.bad("--hostdev '" + name + "' is not a device address jvirt understands; give a PCI address "
                        + "(0000:01:00.0 or pci_0000_01_00_0) or a USB device (VENDOR:PRODUCT such as 046d:c52b, or "
                        + "BUS.DEVICE such as 001.003).");
            } else if (type != null && !type.equals(kind)) {
                p.bad("--hostdev " + name + " is a " + kind.toUpperCase() + " device, not type=" + type + ".");
            }
        }
        XmlOut x = XmlOut.element("hostdev").attr("mode", "subsystem").attr("type", kind).attr("managed", "yes");
        x.child(source);
        String driver = HOSTDEV_DRIVER.read(o, p);
        x.child(driver == null ? null : XmlOut.element("driver").attr("name", driver));
        Long order = HOSTDEV_BOOT.read(o, p);
        if (order != null) {
            g.bootOrderOnDevices = true;
            x.child(XmlOut.element("boot").attr("order", order));
        }
        XmlOut address = HOSTDEV_ADDRESS.fill(o, p, XmlOut.element("address"));
        x.child(address.isEmpty() ? null : address);
        Boolean bar = HOSTDEV_ROM_BAR.read(o, p);
        x.child(bar == null ? null : XmlOut.element("rom").onOff("bar", bar));
        o.reportUnused(p);
        if (kind != null) {
            g.add("hostdev", x);
        }
    }

    /**
     * Fills the {@code <source>} of a host device from its name; returns "pci" or "usb", or null
     * when the name is none of the forms. Numbers are written as libvirt's node devices give them
     * (decimal PCI parts, {@code 0x}-prefixed USB ids), which is what virt-install copies.
     */
    private static String hostdevSource(String name, XmlOut source) {
        Matcher m = PCI_NODEDEV.matcher(name);
        if (!m.matches()) {
            m = PCI.matcher(name);
        }
        if (m.matches()) {
            source.child(XmlOut.element("address").attr("domain", hex(m.group(1) == null ? "0" : m.group(1)))
                    .attr("bus", hex(m.group(2))).attr("slot", hex(m.group(3))).attr("function", hex(m.group(4))));
            return "pci";
        }
        m = USB_ID.matcher(name);
        if (m.matches()) {
            source.child(XmlOut.element("vendor").attr("id", String.format("0x%04x", hex(m.group(1)))));
            source.child(XmlOut.element("product").attr("id", String.format("0x%04x", hex(m.group(2)))));
            return "usb";
        }
        m = USB_BUS_DEVICE.matcher(name);
        if (m.matches()) {
            source.child(XmlOut.element("address").attr("bus", Integer.parseInt(m.group(1)))
                    .attr("device", Integer.parseInt(m.group(2))));
            return "usb";
        }
        return null;
    }

    private static int hex(String s) {
        return Integer.parseInt(s, 16);
    }
}
