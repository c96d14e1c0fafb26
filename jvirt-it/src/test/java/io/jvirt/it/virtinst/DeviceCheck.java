package io.jvirt.it.virtinst;

import io.jvirt.it.virtinst.GuestReport.Block;
import io.jvirt.it.virtinst.GuestReport.Pci;
import io.jvirt.it.virtinst.PciModels.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Compares what the guest reports with what the domain implies. The definition judged is jvirt's
 * live XML of the running domain (with the addresses and controllers jvirt assigned), and it must
 * keep every device virt-install wrote:
 * <ul>
 *   <li>census: for each device element name, jvirt's definition has at least as many as
 *       virt-install's document (jvirt adds implicit controllers, never drops a device);</li>
 *   <li>PCI: every function the definition implies ({@link PciLayout}) is at its position with
 *       QEMU's ids, the guest's driver bound where the guest has one, and the guest has no other;</li>
 *   <li>memory ({@code MemTotal} at most {@code <memory>}, at least 80% of {@code <currentMemory>}
 *       less memory devices), online vCPUs and sockets, one block device per disk of the right kind
 *       and size, a network interface with each MAC, the USB devices (tablet, keyboard, mouse, audio,
 *       storage, CCID, hub), TPMs with their interface and version, named virtio-serial ports,
 *       16550 UARTs and parallel ports, watchdogs, the virtio RNG, sound cards, the ISA panic device,
 *       the Intel IOMMU's DMAR table, SMBIOS strings, and the shared directories mounted.</li>
 * </ul>
 * Where libvirt's own dumpxml of the document is known, differences between libvirt's PCI layout
 * and jvirt's are notes (the argv corpus test judges placement; here the devices count).
 */
final class DeviceCheck {

    /**
     * The verdict.
     *
     * @param problems what the guest lacks or has wrong, empty when all devices are present
     * @param notes differences from libvirt's layout
     */
    record Result(List<String> problems, List<String> notes) {
    }

    private static final Map<String, String> USB_PRODUCTS = Map.of("tablet", "QEMU USB Tablet", "mouse",
            "QEMU USB Mouse", "keyboard", "QEMU USB Keyboard");

    private DeviceCheck() {
    }

    /**
     * Checks one guest.
     *
     * @param virtInstall the document as virt-install wrote it
     * @param live jvirt's live XML of the running domain
     * @param libvirt libvirt's dumpxml of the document, or null
     * @param report what the guest saw
     * @param sizes the sizes of the disk images made for the case, by path
     */
    static Result check(String virtInstall, String live, String libvirt, GuestReport report, Map<String, Long> sizes) {
        List<String> problems = new ArrayList<>();
        Document def = Dom.parse(live);
        census(Dom.parse(virtInstall), def, problems);
        PciLayout layout = PciLayout.of(def);
        problems.addAll(layout.problems());
        pci(layout, report, problems);
        memoryAndCpus(def, report, problems);
        disks(def, report, sizes, problems);
        devices(def, report, problems);
        List<String> notes = new ArrayList<>();
        if (libvirt != null) {
            Map<String, Function> theirs = PciLayout.of(Dom.parse(libvirt)).functions();
            Set<String> positions = new TreeSet<>(theirs.keySet());
            positions.addAll(layout.functions().keySet());
            for (String p : positions) {
                String a = ids(theirs.get(p));
                String b = ids(layout.functions().get(p));
                if (!a.equals(b)) {
                    notes.add("PCI " + p + ": libvirt has " + a + ", jvirt " + b);
                }
            }
        }
        return new Result(problems, notes);
    }

    private static String ids(Function f) {
        return f == null ? "nothing" : f.what() + " " + f.ids();
    }

    private static void census(Document virtInstall, Document def, List<String> problems) {
        Map<String, Integer> want = count(virtInstall);
        Map<String, Integer> have = count(def);
        want.forEach((name, n) -> {
            int h = have.getOrDefault(name, 0);
            if (h < n) {
                problems.add("virt-install's document has " + n + " <" + name + ">, jvirt's definition " + h);
            }
        });
    }

    private static Map<String, Integer> count(Document d) {
        Map<String, Integer> n = new TreeMap<>();
        for (Element e : Dom.children(Dom.devices(d))) {
            if (!"emulator".equals(e.getLocalName())) {
                n.merge(e.getLocalName(), 1, Integer::sum);
            }
        }
        return n;
    }

    private static void pci(PciLayout layout, GuestReport report, List<String> problems) {
        Map<String, Pci> seen = new TreeMap<>();
        report.pci().forEach(p -> seen.put(p.position(), p));
        layout.functions().forEach((position, f) -> {
            Pci p = seen.remove(position);
            if (p == null) {
                problems.add("PCI " + position + ": the guest has no function where jvirt puts the " + f.what());
            } else if (f.ids() != null && !f.ids().equals(p.ids())) {
                problems.add("PCI " + position + ": the " + f.what() + " should be " + f.ids() + ", the guest sees "
                        + p.ids());
            } else if (f.driver() != null && !f.driver().equals(p.driver())) {
                problems.add("PCI " + position + ": the guest's driver " + f.driver() + " did not bind to the "
                        + f.what() + " (bound: " + p.driver() + ")");
            }
        });
        seen.forEach((position, p) -> problems.add("PCI " + position + ": the guest has a function (" + p.ids()
                + ", class " + p.pciClass() + ") that jvirt's definition does not name"));
    }

    private static void memoryAndCpus(Document def, GuestReport report, List<String> problems) {
        Element root = def.getDocumentElement();
        long memory = Dom.kib(Dom.child(root, "memory").orElseThrow());
        long current = Dom.child(root, "currentMemory").map(Dom::kib).orElse(memory);
        long devices = 0;
        for (Element m : Dom.children(Dom.devices(def), "memory")) {
            devices += Dom.child(m, "target").flatMap(t -> Dom.child(t, "size")).map(Dom::kib).orElse(0L);
        }
        long low = (current - devices) * 8 / 10;
        if (report.memTotalKib() > memory || report.memTotalKib() < low) {
            problems.add("the guest has " + report.memTotalKib() / 1024 + " MiB of memory; the definition gives "
                    + memory / 1024 + " MiB (" + current / 1024 + " MiB current)");
        }
        Element vcpu = Dom.child(root, "vcpu").orElseThrow();
        int max = Integer.parseInt(vcpu.getTextContent().strip());
        int online = vcpu.hasAttribute("current") ? Integer.parseInt(vcpu.getAttribute("current")) : max;
        if (report.onlineCpus() != online) {
            problems.add("the guest has " + report.onlineCpus() + " vCPUs online; the definition gives " + online);
        }
        Dom.child(root, "cpu").flatMap(c -> Dom.child(c, "topology")).ifPresent(t -> {
            int perSocket = Integer.parseInt(attrOr(t, "dies", "1")) * Integer.parseInt(attrOr(t, "cores", "1"))
                    * Integer.parseInt(attrOr(t, "threads", "1"));
            int sockets = (online + perSocket - 1) / perSocket;
            if (report.packages() != sockets) {
                problems.add("the guest's online vCPUs are in " + report.packages() + " sockets; the topology puts "
                        + "them in " + sockets);
            }
        });
    }

    private static String attrOr(Element e, String name, String fallback) {
        String v = Dom.attr(e, name);
        return v == null ? fallback : v;
    }

    private static void disks(Document def, GuestReport report, Map<String, Long> sizes, List<String> problems) {
        List<String> want = new ArrayList<>();
        for (Element d : Dom.children(Dom.devices(def), "disk")) {
            String device = attrOr(d, "device", "disk");
            String bus = Dom.childAttr(d, "target", "bus");
            String kind = "cdrom".equals(device) ? "sr" : "floppy".equals(device) ? "fd"
                    : "virtio".equals(bus) ? "vd" : "sd";
            String file = Dom.childAttr(d, "source", "file");
            // an empty drive's size is the guest's guess (Linux's sr says 0x1fffff sectors), and Linux learns
            // a floppy's size only when the drive is opened: any size will do
            Long bytes = file == null || "fd".equals(kind) ? null : sizes.get(file);
            want.add(kind + " " + (bytes == null ? "?" : bytes));
        }
        List<String> have = new ArrayList<>();
        for (Block b : report.blocks()) {
            String kind = b.name().replaceAll("^(vd|sd|sr|fd|nvme).*", "$1");
            if (!kind.equals(b.name())) {
                have.add(kind + " " + b.bytes());
            }
        }
        List<String> missing = new ArrayList<>(want);
        for (String h : have) {
            if (!missing.remove(h)) {
                missing.remove(h.substring(0, h.indexOf(' ')) + " ?");
            }
        }
        if (!missing.isEmpty() || have.size() != want.size()) {
            problems.add("the guest's disks (kind and bytes) are " + have + "; the definition's are " + want);
        }
    }

    private static void devices(Document def, GuestReport report, List<String> problems) {
        Element devices = Dom.devices(def);
        List<String> usb = new ArrayList<>(report.usbProducts());
        List<String> macs = report.nics().stream().map(n -> n.mac().toLowerCase(Locale.ROOT)).toList();
        int serials = 0;
        int sound = 0;
        for (Element e : Dom.children(devices)) {
            switch (e.getLocalName()) {
                case "interface" -> {
                    String mac = Dom.childAttr(e, "mac", "address");
                    if (mac != null && !"hostdev".equals(Dom.attr(e, "type"))
                            && !macs.contains(mac.toLowerCase(Locale.ROOT))) {
                        problems.add("the guest has no network interface with the MAC " + mac);
                    }
                }
                case "input" -> {
                    if ("usb".equals(Dom.attr(e, "bus"))) {
                        expectUsb(usb, USB_PRODUCTS.get(Dom.attr(e, "type")), problems);
                    }
                }
                case "sound" -> {
                    sound++;
                    if ("usb".equals(Dom.attr(e, "model"))) {
                        expectUsb(usb, "QEMU USB Audio", problems);
                    }
                }
                case "disk" -> {
                    if ("usb".equals(Dom.childAttr(e, "target", "bus"))) {
                        expectUsb(usb, "QEMU USB HARDDRIVE", problems);
                    }
                }
                case "smartcard" -> expectUsb(usb, "QEMU USB CCID", problems);
                case "hub" -> expectUsb(usb, "QEMU USB Hub", problems);
                case "tpm" -> {
                    String version = Dom.childAttr(e, "backend", "version");
                    String want = ("tpm-crb".equals(Dom.attr(e, "model")) ? "tpm_crb" : "tpm_tis") + " "
                            + (version == null || version.startsWith("2") ? "2" : "1");
                    if (!report.tpms().contains(want)) {
                        problems.add("the guest has no TPM " + want + " (it has " + report.tpms() + ")");
                    }
                }
                case "channel" -> {
                    String name = Dom.childAttr(e, "target", "name");
                    if ("virtio".equals(Dom.childAttr(e, "target", "type")) && name != null
                            && !report.virtioPorts().contains(name)) {
                        problems.add("the guest has no virtio-serial port named " + name);
                    }
                }
                case "serial" -> {
                    String target = Dom.childAttr(e, "target", "type");
                    if (target == null || "isa-serial".equals(target)) {
                        serials++;
                    }
                }
                case "watchdog" -> {
                    String want = switch (attrOr(e, "model", "")) {
                        case "i6300esb" -> "i6300ESB timer";
                        case "itco" -> "iTCO_wdt";
                        default -> null;
                    };
                    if (want != null && !report.watchdogs().contains(want)) {
                        problems.add("the guest has no " + want + " watchdog (it has " + report.watchdogs() + ")");
                    }
                }
                case "rng" -> {
                    if (!report.rngs().contains("virtio_rng")) {
                        problems.add("the guest has no virtio RNG (hw_random offers '" + report.rngs() + "')");
                    }
                }
                case "panic" -> {
                    if ("isa".equals(Dom.attr(e, "model")) && !report.acpiIds().contains("QEMU0001")) {
                        problems.add("the guest has no ISA panic device (ACPI QEMU0001)");
                    }
                }
                case "iommu" -> {
                    if ("intel".equals(Dom.attr(e, "model")) && !report.acpiTables().contains("DMAR")) {
                        problems.add("the guest has no DMAR ACPI table for the Intel IOMMU");
                    }
                }
                case "filesystem" -> {
                    String tag = Dom.childAttr(e, "target", "dir");
                    String mount = report.mounts().getOrDefault(tag, "not tried");
                    if (!mount.startsWith("ok") || !mount.contains("README")) {
                        problems.add("the guest cannot mount and read the shared directory " + tag + " (" + mount + ")");
                    }
                }
                default -> {
                    // checked through PCI only, or not visible to the guest (graphics, audio, redirdev...)
                }
            }
        }
        if (report.serialPorts().size() != serials) {
            problems.add("the guest has " + report.serialPorts().size() + " 16550 serial ports; the definition gives "
                    + serials);
        }
        int parallel = Dom.children(devices, "parallel").size();
        if (report.parallelPorts() != parallel) {
            problems.add("the guest has " + report.parallelPorts() + " parallel ports; the definition gives " + parallel);
        }
        if (report.sound().size() != sound) {
            problems.add("the guest has " + report.sound().size() + " sound cards " + report.sound()
                    + "; the definition gives " + sound);
        }
        smbios(def, report, problems);
    }

    private static void expectUsb(List<String> usb, String product, List<String> problems) {
        if (product != null && !usb.remove(product)) {
            problems.add("the guest has no USB device '" + product + "'");
        }
    }

    private static void smbios(Document def, GuestReport report, List<String> problems) {
        Element root = def.getDocumentElement();
        boolean sysinfo = Dom.child(root, "os").map(os -> "sysinfo".equals(Dom.childAttr(os, "smbios", "mode")))
                .orElse(false);
        if (!sysinfo) {
            return;
        }
        Map<String, String> sysfs = Map.of("bios/vendor", "bios_vendor", "bios/version", "bios_version",
                "system/manufacturer", "sys_vendor", "system/product", "product_name", "system/version",
                "product_version", "system/serial", "product_serial", "baseBoard/manufacturer", "board_vendor",
                "chassis/manufacturer", "chassis_vendor");
        for (Element info : Dom.children(root, "sysinfo")) {
            for (Element block : Dom.children(info)) {
                for (Element entry : Dom.children(block, "entry")) {
                    String key = sysfs.get(block.getLocalName() + "/" + Dom.attr(entry, "name"));
                    String want = entry.getTextContent().strip();
                    if (key != null && !want.equals(report.dmi().get(key))) {
                        problems.add("the guest's SMBIOS " + key + " is '" + report.dmi().get(key) + "', not '" + want
                                + "'");
                    }
                }
            }
        }
    }
}
