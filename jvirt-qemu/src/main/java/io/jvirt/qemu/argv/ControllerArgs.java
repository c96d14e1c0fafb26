package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.ControllerDriver;
import io.jvirt.conf.domain.ControllerIndexes;
import io.jvirt.conf.domain.ControllerPciOptions;
import io.jvirt.conf.domain.HubDef;
import io.jvirt.qemu.address.Chipset;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders controllers as libvirt does: the root's 64-bit hole and hotplug as globals; then by
 * type, PCI, USB, SCSI, IDE, SATA, virtio-serial, each in libvirt's controller order; then USB
 * hubs and CCID readers, which sit on USB ports. Built-in controllers (the roots, the PIIX3's
 * IDE, the ICH9's AHCI) get no {@code -device}.
 */
final class ControllerArgs {

    private static final Type[] ORDER = {Type.PCI, Type.USB, Type.SCSI, Type.IDE, Type.SATA, Type.VIRTIO_SERIAL};

    private ControllerArgs() {
    }

    static void add(List<String> argv, Layout layout, List<HubDef> hubs) {
        List<ControllerDef> ordered = ControllerIndexes.libvirtOrder(layout.controllers);
        for (ControllerDef c : ordered) {
            globals(argv, c);
        }
        for (Type type : ORDER) {
            for (ControllerDef c : ordered) {
                if (c.type() != type) {
                    continue;
                }
                Opts o = device(layout, c);
                if (o != null) {
                    argv.add("-device");
                    argv.add(o.toString());
                }
            }
        }
        for (int i = 0; i < hubs.size(); i++) {
            argv.add("-device");
            argv.add(layout.usb(Opts.of("usb-hub").add("id", "hub" + i), hubs.get(i).address()).toString());
        }
        for (ControllerDef c : ordered) {
            if (c.type() == Type.CCID) {
                argv.add("-device");
                argv.add(layout.usb(Opts.of("usb-ccid").add("id", id(c, "ccid" + c.index())), c.address()).toString());
            }
        }
    }

    private static void globals(List<String> argv, ControllerDef c) {
        ControllerPciOptions p = c.pci();
        if (c.type() != Type.PCI || p == null) {
            return;
        }
        if (p.pcihole64KiB() != null) {
            argv.add("-global");
            argv.add((c.model() == Model.PCIE_ROOT ? "q35-pcihost" : "i440FX-pcihost") + ".pci-hole64-size="
                    + p.pcihole64KiB() + "K");
        }
        if (c.model() == Model.PCI_ROOT && p.hotplug() != null) {
            argv.add("-global");
            argv.add("PIIX4_PM.acpi-root-pci-hotplug=" + (p.hotplug() ? "on" : "off"));
        }
    }

    private static Opts device(Layout layout, ControllerDef c) {
        String what = c.describe();
        return switch (c.type()) {
            case PCI -> pci(layout, c);
            case USB -> usb(layout, c);
            case SCSI -> layout.pci(scsi(c).add("id", id(c, "scsi" + c.index())), c.address());
            case IDE -> {
                if (layout.chipset == Chipset.I440FX && c.index() == 0) {
                    yield null; // the PIIX3 IDE function at 00:01.1
                }
                throw new ArgvException(Kind.UNSUPPORTED, "The " + what + " cannot be added; the only IDE "
                        + "controller QEMU's PC machines have is the built-in one (index 0 on pc).");
            }
            case SATA -> layout.chipset == Chipset.Q35 && c.index() == 0 ? null // the ICH9 AHCI at 00:1f.2
                    : layout.pci(Opts.of("ahci").add("id", id(c, "sata" + c.index())), c.address());
            case VIRTIO_SERIAL -> {
                Opts o = Opts.of(switch (c.model() == null ? Model.VIRTIO_SERIAL : c.model()) {
                    case SERIAL_VIRTIO_TRANSITIONAL -> "virtio-serial-pci-transitional";
                    case SERIAL_VIRTIO_NON_TRANSITIONAL -> "virtio-serial-pci-non-transitional";
                    case VIRTIO_SERIAL -> "virtio-serial-pci";
                    case PCI_ROOT, PCIE_ROOT, PCI_BRIDGE, DMI_TO_PCI_BRIDGE, PCIE_TO_PCI_BRIDGE,
                         PCIE_ROOT_PORT, PCIE_SWITCH_UPSTREAM_PORT, PCIE_SWITCH_DOWNSTREAM_PORT,
                         PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS, PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1,
                         ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI, PCI_OHCI, NEC_XHCI, QEMU_XHCI,
                         USB_NONE, SCSI_AUTO, BUSLOGIC, LSILOGIC, LSISAS1068, VMPVSCSI, IBMVSCSI, VIRTIO_SCSI,
                         LSISAS1078, SCSI_VIRTIO_TRANSITIONAL, SCSI_VIRTIO_NON_TRANSITIONAL, NCR53C90, DC390,
                         AM53C974, IDE_PIIX3, IDE_PIIX4, IDE_ICH6 ->
                            throw new IllegalStateException(c.model() + " is not a virtio-serial model");
                });
                virtioOptions(o, c.driver());
                o.add("id", id(c, "virtio-serial" + c.index())).add("max_ports", c.ports()).add("vectors", c.vectors());
                yield layout.pci(o, c.address());
            }
            case CCID, FDC -> null; // CCID readers go after the hubs; the floppy controller is built in
        };
    }

    private static Opts pci(Layout layout, ControllerDef c) {
        ControllerPciOptions p = c.pci() == null ? ControllerPciOptions.NONE : c.pci();
        Model model = c.model();
        if (model == Model.PCI_ROOT || model == Model.PCIE_ROOT) {
            return null;
        }
        if (p.modelName() == null) {
            throw new IllegalStateException("the " + c.describe() + " has no model name after assignment");
        }
        Opts o = Opts.of(p.modelName().xml());
        String id = id(c, "pci." + c.index());
        switch (model) {
            case PCI_BRIDGE -> o.add("chassis_nr", p.chassisNr()).add("id", id);
            case PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS -> o.add("bus_nr", p.busNr()).add("id", id)
                    .add("numa_node", p.numaNode());
            case DMI_TO_PCI_BRIDGE, PCIE_SWITCH_UPSTREAM_PORT, PCIE_TO_PCI_BRIDGE -> o.add("id", id);
            case PCIE_ROOT_PORT, PCIE_SWITCH_DOWNSTREAM_PORT -> o.add("port", String.format("0x%x", p.port()))
                    .add("chassis", p.chassis()).add("id", id).onOff("hotplug", p.hotplug());
            case PCI_ROOT, PCIE_ROOT -> throw new IllegalStateException("the root has no -device");
            case PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1, ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI,
                 PCI_OHCI, NEC_XHCI, QEMU_XHCI, USB_NONE, SCSI_AUTO, BUSLOGIC, LSILOGIC, LSISAS1068, VMPVSCSI,
                 IBMVSCSI, VIRTIO_SCSI, LSISAS1078, SCSI_VIRTIO_TRANSITIONAL, SCSI_VIRTIO_NON_TRANSITIONAL,
                 NCR53C90, DC390, AM53C974, IDE_PIIX3, IDE_PIIX4, IDE_ICH6, VIRTIO_SERIAL,
                 SERIAL_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    throw new IllegalStateException(model + " is not a PCI controller model");
        }
        return layout.pci(o, c.address());
    }

    private static Opts usb(Layout layout, ControllerDef c) {
        String driver = switch (c.model()) {
            case PIIX3_UHCI -> "piix3-usb-uhci";
            case PIIX4_UHCI -> "piix4-usb-uhci";
            case EHCI -> "usb-ehci";
            case ICH9_EHCI1 -> "ich9-usb-ehci1";
            case ICH9_UHCI1 -> "ich9-usb-uhci1";
            case ICH9_UHCI2 -> "ich9-usb-uhci2";
            case ICH9_UHCI3 -> "ich9-usb-uhci3";
            case PCI_OHCI -> "pci-ohci";
            case NEC_XHCI -> "nec-usb-xhci";
            case QEMU_XHCI -> "qemu-xhci";
            case USB_NONE -> null;
            case VT82C686B_UHCI -> throw new ArgvException(Kind.UNSUPPORTED, "The " + c.describe()
                    + " is a VIA chipset's, which x86 QEMU does not have; use qemu-xhci or piix3-uhci.");
            case PCI_ROOT, PCIE_ROOT, PCI_BRIDGE, DMI_TO_PCI_BRIDGE, PCIE_TO_PCI_BRIDGE, PCIE_ROOT_PORT,
                 PCIE_SWITCH_UPSTREAM_PORT, PCIE_SWITCH_DOWNSTREAM_PORT, PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS,
                 SCSI_AUTO, BUSLOGIC, LSILOGIC, LSISAS1068, VMPVSCSI, IBMVSCSI, VIRTIO_SCSI, LSISAS1078,
                 SCSI_VIRTIO_TRANSITIONAL, SCSI_VIRTIO_NON_TRANSITIONAL, NCR53C90, DC390, AM53C974, IDE_PIIX3,
                 IDE_PIIX4, IDE_ICH6, VIRTIO_SERIAL, SERIAL_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    throw new IllegalStateException(c.model() + " is not a USB controller model");
        };
        if (driver == null) {
            return null;
        }
        Opts o = Opts.of(driver).add("p2", c.ports()).add("p3", c.ports());
        if (c.masterStartPort() != null) {
            o.add("masterbus", layout.controllerId(Type.USB, c.index()) + ".0").add("firstport", c.masterStartPort());
        } else {
            o.add("id", id(c, Layout.usbId(c.index())));
        }
        return layout.pci(o, c.address());
    }

    /** QEMU's id of a controller: its user alias, else libvirt's name for it. */
    private static String id(ControllerDef c, String libvirtName) {
        return c.alias() != null ? c.alias() : libvirtName;
    }

    /** The QEMU device of a SCSI controller model. */
    private static Opts scsi(ControllerDef c) {
        return switch (c.model()) {
            case VIRTIO_SCSI -> virtioScsi(c, "virtio-scsi-pci");
            case SCSI_VIRTIO_TRANSITIONAL -> virtioScsi(c, "virtio-scsi-pci-transitional");
            case SCSI_VIRTIO_NON_TRANSITIONAL -> virtioScsi(c, "virtio-scsi-pci-non-transitional");
            case LSILOGIC -> Opts.of("lsi");
            case LSISAS1068 -> Opts.of("mptsas1068");
            case LSISAS1078 -> Opts.of("megasas");
            case VMPVSCSI -> Opts.of("pvscsi");
            case AM53C974 -> Opts.of("am53c974");
            case DC390 -> Opts.of("dc390"); // libvirt 9.0 writes dc-390, which QEMU does not know
            case SCSI_AUTO, BUSLOGIC, IBMVSCSI, NCR53C90 -> throw new ArgvException(Kind.UNSUPPORTED, "The "
                    + c.describe() + " has no QEMU device on x86; use virtio-scsi or lsilogic.");
            case PCI_ROOT, PCIE_ROOT, PCI_BRIDGE, DMI_TO_PCI_BRIDGE, PCIE_TO_PCI_BRIDGE, PCIE_ROOT_PORT,
                 PCIE_SWITCH_UPSTREAM_PORT, PCIE_SWITCH_DOWNSTREAM_PORT, PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS,
                 PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1, ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI,
                 PCI_OHCI, NEC_XHCI, QEMU_XHCI, USB_NONE, IDE_PIIX3, IDE_PIIX4, IDE_ICH6, VIRTIO_SERIAL,
                 SERIAL_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    throw new IllegalStateException(c.model() + " is not a SCSI controller model");
        };
    }

    private static Opts virtioScsi(ControllerDef c, String driver) {
        Opts o = Opts.of(driver);
        ControllerDriver d = c.driver();
        if (d != null) {
            if (d.iothread() != null) {
                throw new ArgvException(Kind.UNSUPPORTED, "The " + c.describe() + " names iothread " + d.iothread()
                        + ", but jvirt does not run I/O threads yet; remove 'iothread'.");
            }
            virtioOptions(o, d);
            o.add("num_queues", d.queues()).add("cmd_per_lun", d.cmdPerLun()).add("max_sectors", d.maxSectors())
                    .onOff("ioeventfd", d.ioeventfd());
        }
        return o;
    }

    private static void virtioOptions(Opts o, ControllerDriver d) {
        if (d != null) {
            o.onOff("iommu_platform", d.iommu()).onOff("ats", d.ats()).onOff("packed", d.packed())
                    .onOff("page-per-vq", d.pagePerVq());
        }
    }

    /**
     * Returns whether a SCSI controller's disks are addressed by SCSI id alone, the unit being
     * the id (the LSI family and its relatives, one bus per channel), rather than by channel,
     * id and LUN.
     */
    static boolean scsiIdIsUnit(ControllerDef c) {
        return switch (c.model()) {
            case LSILOGIC, NCR53C90, DC390, AM53C974 -> true;
            case SCSI_AUTO, BUSLOGIC, LSISAS1068, VMPVSCSI, IBMVSCSI, VIRTIO_SCSI, LSISAS1078,
                 SCSI_VIRTIO_TRANSITIONAL, SCSI_VIRTIO_NON_TRANSITIONAL -> false;
            case null -> throw new IllegalStateException("a SCSI controller without a model after assignment");
            case PCI_ROOT, PCIE_ROOT, PCI_BRIDGE, DMI_TO_PCI_BRIDGE, PCIE_TO_PCI_BRIDGE, PCIE_ROOT_PORT,
                 PCIE_SWITCH_UPSTREAM_PORT, PCIE_SWITCH_DOWNSTREAM_PORT, PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS,
                 PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1, ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI,
                 PCI_OHCI, NEC_XHCI, QEMU_XHCI, USB_NONE, IDE_PIIX3, IDE_PIIX4, IDE_ICH6, VIRTIO_SERIAL,
                 SERIAL_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    throw new IllegalStateException(c.model() + " is not a SCSI model");
        };
    }

    /** Returns the bus name of a SATA port. */
    static String sataBus(Layout layout, int controller, int unit) {
        if (layout.chipset == Chipset.Q35 && controller == 0) {
            return "ide." + unit;
        }
        return layout.controllerId(Type.SATA, controller) + "." + unit;
    }
}
