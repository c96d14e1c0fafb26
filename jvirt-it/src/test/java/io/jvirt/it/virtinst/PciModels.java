package io.jvirt.it.virtinst;

import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Which PCI function QEMU 7.2 gives the guest for a libvirt device element: vendor:device ids as
 * the hw/ sources of QEMU define them (include/hw/pci/pci_ids.h, include/hw/pci/pci.h and each
 * device's class_init), and the driver of Debian's kernel that binds to it, where the test guest
 * has that driver.
 *
 * <p>virtio devices have two ids: a transitional device (legacy and modern interface) has
 * {@code 1af4:1000}+n of its legacy number, a modern-only device {@code 1af4:1040}+its virtio
 * device id. QEMU makes a plain {@code virtio-*-pci} modern-only when it sits on a PCI Express port
 * (a root port or a switch's downstream port) and transitional elsewhere (a root bus or a PCI
 * bridge), unless libvirt's {@code virtio-transitional} or {@code virtio-non-transitional} model
 * decides; GPUs, inputs, virtiofs, vsock, the IOMMU and virtio-mem are always modern-only.
 */
final class PciModels {

    /**
     * An expected PCI function.
     *
     * @param ids {@code vendor:device}, lower-case hex; null when any function will do (an assigned host device)
     * @param driver the guest driver that must bind, or null when the guest has none to check
     * @param what the device, for messages
     */
    record Function(String ids, String driver, String what) {
    }

    /** Where a device sits: decides whether a plain virtio device is modern-only. */
    enum Bus {
        /** A root bus or a conventional PCI bridge's bus. */
        CONVENTIONAL,
        /** The bus below a PCI Express root port or switch downstream port. */
        EXPRESS_PORT
    }

    private static final String VIRTIO_PCI = "virtio-pci";

    /** libvirt's {@code <model name>} (QEMU device) of PCI controllers, and their ids and drivers. */
    private static final Map<String, Function> PCI_CONTROLLERS = Map.ofEntries(
            Map.entry("pcie-root-port", new Function("1b36:000c", "pcieport", "pcie-root-port")),
            Map.entry("ioh3420", new Function("8086:3420", "pcieport", "ioh3420")),
            Map.entry("x3130-upstream", new Function("104c:8232", "pcieport", "x3130-upstream")),
            Map.entry("xio3130-downstream", new Function("104c:8233", "pcieport", "xio3130-downstream")),
            Map.entry("pcie-pci-bridge", new Function("1b36:000e", null, "pcie-pci-bridge")),
            Map.entry("pci-bridge", new Function("1b36:0001", null, "pci-bridge")),
            Map.entry("i82801b11-bridge", new Function("8086:244e", null, "i82801b11-bridge")),
            Map.entry("pxb", new Function("1b36:0009", null, "pxb")),
            Map.entry("pxb-pcie", new Function("1b36:000b", null, "pxb-pcie")));

    /** libvirt's PCI controller models and the QEMU device each one is by default. */
    private static final Map<String, String> PCI_CONTROLLER_DEVICE = Map.of(
            "pcie-root-port", "pcie-root-port", "pcie-switch-upstream-port", "x3130-upstream",
            "pcie-switch-downstream-port", "xio3130-downstream", "pcie-to-pci-bridge", "pcie-pci-bridge",
            "pci-bridge", "pci-bridge", "dmi-to-pci-bridge", "i82801b11-bridge", "pci-expander-bus", "pxb",
            "pcie-expander-bus", "pxb-pcie");

    private static final Map<String, Function> USB_CONTROLLERS = Map.of(
            "qemu-xhci", new Function("1b36:000d", "xhci_hcd", "qemu-xhci"),
            "nec-xhci", new Function("1033:0194", "xhci_hcd", "nec-xhci"),
            "ich9-ehci1", new Function("8086:293a", "ehci-pci", "ich9-ehci1"),
            "ich9-uhci1", new Function("8086:2934", "uhci_hcd", "ich9-uhci1"),
            "ich9-uhci2", new Function("8086:2935", "uhci_hcd", "ich9-uhci2"),
            "ich9-uhci3", new Function("8086:2936", "uhci_hcd", "ich9-uhci3"),
            "piix3-uhci", new Function("8086:7020", "uhci_hcd", "piix3-uhci"),
            "piix4-uhci", new Function("8086:7112", "uhci_hcd", "piix4-uhci"));

    private static final Map<String, Function> NICS = Map.of(
            "e1000", new Function("8086:100e", "e1000", "e1000"),
            "e1000e", new Function("8086:10d3", "e1000e", "e1000e"),
            "rtl8139", new Function("10ec:8139", "8139cp", "rtl8139"));

    private static final Map<String, Function> SOUND = Map.of(
            "ich6", new Function("8086:2668", "snd_hda_intel", "ich6 (intel-hda)"),
            "ich9", new Function("8086:293e", "snd_hda_intel", "ich9 (ich9-intel-hda)"),
            "ac97", new Function("8086:2415", "snd_intel8x0", "ac97"),
            "es1370", new Function("1274:5000", null, "es1370"));

    private static final Map<String, Function> VIDEO = Map.of(
            "virtio", new Function("1af4:1050", VIRTIO_PCI, "virtio video"),
            "qxl", new Function("1b36:0100", "qxl", "qxl"),
            "vga", new Function("1234:1111", "bochs-drm", "vga"),
            "bochs", new Function("1234:1111", "bochs-drm", "bochs"),
            "cirrus", new Function("1013:00b8", "cirrus", "cirrus"),
            "vmvga", new Function("15ad:0405", null, "vmvga"));

    private PciModels() {
    }

    /** The PCI function a device element gives the guest; empty when it gives none of its own. */
    static Optional<Function> of(Element e, Bus bus) {
        String kind = e.getLocalName();
        String model = Dom.attr(e, "model");
        return switch (kind) {
            case "disk" -> "virtio".equals(Dom.childAttr(e, "target", "bus"))
                    ? Optional.of(virtio(2, 0x1001, model, bus, "virtio disk")) : Optional.empty();
            case "controller" -> controller(e, bus);
            case "interface" -> {
                String m = Dom.childAttr(e, "model", "type");
                if ("hostdev".equals(Dom.attr(e, "type"))) {
                    yield Optional.of(new Function(null, null, "assigned network device"));
                }
                yield m == null ? Optional.empty() : m.startsWith("virtio")
                        ? Optional.of(virtio(1, 0x1000, m, bus, "virtio network card"))
                        : Optional.ofNullable(NICS.get(m));
            }
            case "sound" -> Optional.ofNullable(SOUND.get(model));
            case "video" -> Optional.ofNullable(VIDEO.get(Dom.childAttr(e, "model", "type")));
            case "memballoon" -> model != null && model.startsWith("virtio")
                    ? Optional.of(virtio(5, 0x1002, model, bus, "virtio balloon")) : Optional.empty();
            case "rng" -> Optional.of(virtio(4, 0x1005, model, bus, "virtio rng"));
            case "watchdog" -> "i6300esb".equals(model)
                    ? Optional.of(new Function("8086:25ab", "i6300ESB timer", "i6300esb")) : Optional.empty();
            case "input" -> "virtio".equals(Dom.attr(e, "bus"))
                    ? Optional.of(new Function("1af4:1052", VIRTIO_PCI, "virtio input")) : Optional.empty();
            case "filesystem" -> "virtiofs".equals(Dom.childAttr(e, "driver", "type"))
                    ? Optional.of(new Function("1af4:105a", VIRTIO_PCI, "virtiofs"))
                    : Optional.of(virtio(9, 0x1009, model, bus, "virtio 9p"));
            case "shmem" -> Optional.of(new Function("1af4:1110", null, "ivshmem"));
            case "vsock" -> Optional.of(new Function("1af4:1053", VIRTIO_PCI, "vhost-vsock"));
            case "iommu" -> "virtio".equals(model)
                    ? Optional.of(new Function("1af4:1057", VIRTIO_PCI, "virtio-iommu")) : Optional.empty();
            case "panic" -> "pvpanic".equals(model)
                    ? Optional.of(new Function("1b36:0011", "pvpanic-pci", "pvpanic-pci")) : Optional.empty();
            case "memory" -> "virtio-mem".equals(model)
                    ? Optional.of(new Function("1af4:1058", VIRTIO_PCI, "virtio-mem")) : Optional.empty();
            case "serial" -> "pci-serial".equals(Dom.childAttr(e, "target", "type"))
                    ? Optional.of(new Function("1b36:0002", "serial", "pci-serial")) : Optional.empty();
            case "hostdev" -> Optional.of(new Function(null, null, "assigned host device"));
            default -> Optional.empty();
        };
    }

    private static Optional<Function> controller(Element e, Bus bus) {
        String type = Dom.attr(e, "type");
        String model = Dom.attr(e, "model");
        return switch (type == null ? "" : type) {
            case "usb" -> model == null ? Optional.of(new Function("?", null, "USB controller without a model"))
                    : Optional.ofNullable(USB_CONTROLLERS.get(model));
            case "sata" -> Optional.of(new Function("8086:2922", "ahci", "sata (ich9-ahci)"));
            case "ide" -> Optional.of(new Function("8086:7010", "ata_piix", "ide (piix3-ide)"));
            case "scsi" -> model == null || model.startsWith("virtio")
                    ? Optional.of(virtio(8, 0x1004, model == null || model.equals("virtio-scsi") ? "virtio" : model,
                            bus, "virtio-scsi"))
                    : "lsilogic".equals(model) ? Optional.of(new Function("1000:0012", null, "lsilogic"))
                    : Optional.of(new Function("?", null, "SCSI controller " + model));
            case "virtio-serial" -> Optional.of(virtio(3, 0x1003, model, bus, "virtio-serial"));
            case "nvme" -> Optional.of(new Function("1b36:0010", "nvme", "nvme"));
            case "pci" -> {
                String device = Dom.childAttr(e, "model", "name");
                if (device == null) {
                    device = PCI_CONTROLLER_DEVICE.get(model);
                }
                yield device == null ? Optional.empty() : Optional.ofNullable(PCI_CONTROLLERS.get(device));
            }
            default -> Optional.empty();
        };
    }

    /**
     * A virtio device.
     *
     * @param id the virtio device id (the modern PCI id is 0x1040 + id)
     * @param legacy the transitional device's PCI id
     * @param model libvirt's model: {@code virtio}, {@code virtio-transitional}, {@code virtio-non-transitional} or null
     */
    private static Function virtio(int id, int legacy, String model, Bus bus, String what) {
        boolean modern = "virtio-non-transitional".equals(model)
                || !"virtio-transitional".equals(model) && bus == Bus.EXPRESS_PORT;
        return new Function(String.format("1af4:%04x", modern ? 0x1040 + id : legacy), VIRTIO_PCI, what);
    }

    /** The PCI functions a machine type always has, by position: host bridge, ISA/LPC bridge, IDE/SATA, ACPI/SMBus. */
    static Map<String, Function> builtins(boolean q35) {
        return q35
                ? Map.of("00.0", new Function("8086:29c0", null, "Q35 host bridge"),
                        "1f.0", new Function("8086:2918", "lpc_ich", "ICH9 LPC bridge"),
                        "1f.2", new Function("8086:2922", "ahci", "ICH9 SATA controller"),
                        "1f.3", new Function("8086:2930", null, "ICH9 SMBus controller"))
                : Map.of("00.0", new Function("8086:1237", null, "i440FX host bridge"),
                        "01.0", new Function("8086:7000", null, "PIIX3 ISA bridge"),
                        "01.1", new Function("8086:7010", "ata_piix", "PIIX3 IDE controller"),
                        "01.3", new Function("8086:7113", null, "PIIX4 ACPI"));
    }
}
