package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.Comparator;
import java.util.List;

/** Renders controllers: PCI(e) ports and bridges first, by index, then the rest in order. */
final class ControllerArgs {

    private ControllerArgs() {
    }

    static void add(List<String> argv, Layout layout) {
        layout.controllers.stream().filter(c -> c.type() == ControllerDef.Type.PCI)
                .sorted(Comparator.comparingInt(ControllerDef::index))
                .forEach(c -> pci(argv, layout, c));
        for (ControllerDef c : layout.controllers) {
            String device = switch (c.type()) {
                case PCI, FDC -> null;
                case USB -> usb(layout, c);
                case SCSI -> scsi(layout, c);
                case SATA -> sata(layout, c);
                case IDE -> ide(layout, c);
                case VIRTIO_SERIAL -> layout.pci(Opts.of("virtio-serial-pci").add("id", "virtio-serial" + c.index())
                        .add("max_ports", c.ports()), c.address(), "virtio-serial controller " + c.index()).toString();
            };
            if (device != null) {
                argv.add("-device");
                argv.add(device);
            }
        }
    }

    private static void pci(List<String> argv, Layout layout, ControllerDef c) {
        Model model = layout.pciModel(c);
        String what = "PCI controller " + c.index();
        switch (model) {
            case PCI_ROOT, PCIE_ROOT -> {
                if (model != rootModel(layout) || c.index() != 0) {
                    throw new ArgvException(Kind.CONFLICT, "The " + what + " of model '" + model.xml()
                            + "' does not fit a " + layout.machineType + " machine, whose root is '"
                            + rootModel(layout).xml() + "' with index 0.");
                }
            }
            case PCIE_ROOT_PORT -> {
                if (layout.family != Layout.Family.Q35) {
                    throw new ArgvException(Kind.CONFLICT,
                            "The " + what + " is a pcie-root-port, which needs a q35 machine.");
                }
                argv.add("-device");
                argv.add(layout.pci(Opts.of(c.modelName() == null ? "pcie-root-port" : c.modelName())
                        .add("port", c.port() == null ? null : String.format("0x%x", c.port()))
                        .add("chassis", c.chassis() == null ? c.index() : c.chassis())
                        .add("id", "pci." + c.index()), c.address(), what).toString());
            }
            case PCI_BRIDGE -> {
                argv.add("-device");
                int chassisNr = c.chassisNr() == null ? c.index() : c.chassisNr();
                argv.add(layout.pci(Opts.of("pci-bridge").add("chassis_nr", chassisNr).add("id", "pci." + c.index()),
                        c.address(), what).toString());
            }
            case PIIX3_UHCI, ICH9_EHCI1, QEMU_XHCI, NEC_XHCI, USB_NONE, VIRTIO_SCSI, LSILOGIC ->
                    throw new IllegalStateException("model " + model + " is not a PCI controller model");
        }
    }

    private static Model rootModel(Layout layout) {
        return switch (layout.family) {
            case PC -> Model.PCI_ROOT;
            case Q35 -> Model.PCIE_ROOT;
        };
    }

    private static String usb(Layout layout, ControllerDef c) {
        Model model = c.model();
        if (model == null) {
            model = switch (layout.family) {
                case PC -> Model.PIIX3_UHCI;
                case Q35 -> Model.QEMU_XHCI;
            };
        }
        String what = "USB controller " + c.index();
        Opts o = switch (model) {
            case PIIX3_UHCI -> Opts.of("piix3-usb-uhci");
            case ICH9_EHCI1 -> Opts.of("ich9-usb-ehci1");
            case QEMU_XHCI -> Opts.of("qemu-xhci").add("p2", c.ports()).add("p3", c.ports());
            case NEC_XHCI -> Opts.of("nec-usb-xhci").add("p2", c.ports()).add("p3", c.ports());
            case USB_NONE -> null;
            case PCI_ROOT, PCIE_ROOT, PCIE_ROOT_PORT, PCI_BRIDGE, VIRTIO_SCSI, LSILOGIC ->
                    throw new IllegalStateException("model " + model + " is not a USB controller model");
        };
        if (o == null) {
            return null;
        }
        if (c.ports() != null && (model == Model.PIIX3_UHCI || model == Model.ICH9_EHCI1)) {
            throw new ArgvException(Kind.UNSUPPORTED,
                    "The " + what + " of model '" + model.xml() + "' has a fixed number of ports.");
        }
        Address address = c.address();
        if (address == null && model == Model.PIIX3_UHCI && layout.family == Layout.Family.PC && c.index() == 0) {
            address = new Address.Pci(0, 0, 1, 2, null); // function 2 of the PIIX3, where the PC has it
        }
        return layout.pci(o.add("id", Layout.usbId(c.index())), address, what).toString();
    }

    private static String scsi(Layout layout, ControllerDef c) {
        Opts o = switch (scsiModel(c)) {
            case VIRTIO_SCSI -> Opts.of("virtio-scsi-pci");
            case LSILOGIC -> Opts.of("lsi");
            case PCI_ROOT, PCIE_ROOT, PCIE_ROOT_PORT, PCI_BRIDGE, PIIX3_UHCI, ICH9_EHCI1, QEMU_XHCI, NEC_XHCI,
                 USB_NONE -> throw new IllegalStateException("not a SCSI controller model");
        };
        return layout.pci(o.add("id", "scsi" + c.index()), c.address(), "SCSI controller " + c.index()).toString();
    }

    /** Returns the SCSI controller model, defaulting to lsilogic like libvirt. */
    static Model scsiModel(ControllerDef c) {
        return c.model() == null ? Model.LSILOGIC : c.model();
    }

    private static String sata(Layout layout, ControllerDef c) {
        if (layout.family == Layout.Family.Q35 && c.index() == 0) {
            return null; // the ICH9 AHCI controller is built in at 00:1f.2
        }
        return layout.pci(Opts.of("ahci").add("id", "sata" + c.index()), c.address(),
                "SATA controller " + c.index()).toString();
    }

    private static String ide(Layout layout, ControllerDef c) {
        if (layout.family == Layout.Family.Q35) {
            throw new ArgvException(Kind.CONFLICT, "A q35 machine has no IDE controller; use sata.");
        }
        if (c.index() != 0) {
            throw new ArgvException(Kind.UNSUPPORTED, "Only the built-in IDE controller with index 0 exists.");
        }
        return null; // the PIIX3 IDE controller is built in at 00:01.1
    }

    /** Returns the bus name of a SATA port. */
    static String sataBus(Layout layout, int controller, int unit) {
        if (layout.family == Layout.Family.Q35 && controller == 0) {
            return "ide." + unit;
        }
        return "sata" + controller + "." + unit;
    }
}
