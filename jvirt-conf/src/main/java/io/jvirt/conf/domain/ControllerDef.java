package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <controller>} device.
 *
 * @param type the kind of controller
 * @param index the index among controllers of this type
 * @param model the model, or null for the type's default
 * @param modelName the {@code <model name>}: the QEMU device implementing a PCI controller, or null
 * @param ports the number of ports (USB and virtio-serial), or null
 * @param chassisNr the {@code <target chassisNr>} of a PCI bridge, or null
 * @param chassis the {@code <target chassis>} of a PCIe root port, or null
 * @param port the {@code <target port>} of a PCIe root port, or null
 * @param address where the controller sits, or null
 */
public record ControllerDef(Type type, int index, Model model, String modelName, Integer ports, Integer chassisNr,
                            Integer chassis, Integer port, Address address) implements DeviceDef {

    /** Validates the combination. */
    public ControllerDef {
        Checks.required(type, "The controller type");
        Checks.range(index, 0, 255, "The controller index");
        Checks.range(ports, 1, 31, "The controller port count");
        Checks.range(chassisNr, 1, 255, "The controller chassisNr");
        Checks.range(chassis, 0, 255, "The controller chassis");
        Checks.range(port, 0, 255, "The controller port");
        if (model != null && model.type() != type) {
            throw new ConfException(Kind.INVALID_VALUE, "The controller model '" + model.xml()
                    + "' does not belong to a controller of type '" + type.xml() + "'.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A controller accepts only a pci address.");
        }
        if ((chassis != null || port != null) && model != Model.PCIE_ROOT_PORT) {
            throw new ConfException(Kind.CONFLICT, "Only a pcie-root-port controller has a chassis and port.");
        }
        if (chassisNr != null && model != Model.PCI_BRIDGE) {
            throw new ConfException(Kind.CONFLICT, "Only a pci-bridge controller has a chassisNr.");
        }
        if (modelName != null && !modelNames(model).contains(modelName)) {
            throw new ConfException(Kind.INVALID_VALUE, "The controller <model name='" + Checks.printable(modelName)
                    + "'> does not fit a controller of model '" + (model == null ? "default" : model.xml()) + "'.");
        }
    }

    /**
     * Returns the {@code <model name>} values (QEMU device names) allowed for a model.
     *
     * @param model the controller model, or null
     * @return the allowed names, possibly none
     */
    public static java.util.List<String> modelNames(Model model) {
        if (model == null) {
            return java.util.List.of();
        }
        return switch (model) {
            case PCIE_ROOT_PORT -> java.util.List.of("pcie-root-port", "ioh3420");
            case PCI_BRIDGE -> java.util.List.of("pci-bridge");
            case PCI_ROOT, PCIE_ROOT, PIIX3_UHCI, ICH9_EHCI1, QEMU_XHCI, NEC_XHCI, USB_NONE, VIRTIO_SCSI,
                 LSILOGIC -> java.util.List.of();
        };
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** A PCI or PCIe bus element. */
        PCI("pci"),
        /** A USB host controller. */
        USB("usb"),
        /** A SCSI host adapter. */
        SCSI("scsi"),
        /** An AHCI SATA controller. */
        SATA("sata"),
        /** The IDE controller. */
        IDE("ide"),
        /** A virtio-serial controller for channels and consoles. */
        VIRTIO_SERIAL("virtio-serial"),
        /** The ISA floppy disk controller. */
        FDC("fdc");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code model} attribute, each valid for one controller type. */
    public enum Model implements XmlEnum {
        /** The root bus of a PC machine. */
        PCI_ROOT("pci-root", Type.PCI),
        /** The root complex of a q35 machine. */
        PCIE_ROOT("pcie-root", Type.PCI),
        /** A PCIe root port holding one device. */
        PCIE_ROOT_PORT("pcie-root-port", Type.PCI),
        /** A PCI-to-PCI bridge. */
        PCI_BRIDGE("pci-bridge", Type.PCI),
        /** The PIIX3 UHCI USB 1 controller. */
        PIIX3_UHCI("piix3-uhci", Type.USB),
        /** The ICH9 EHCI USB 2 controller. */
        ICH9_EHCI1("ich9-ehci1", Type.USB),
        /** QEMU's XHCI USB 3 controller. */
        QEMU_XHCI("qemu-xhci", Type.USB),
        /** The NEC XHCI USB 3 controller. */
        NEC_XHCI("nec-xhci", Type.USB),
        /** No USB controller at all. */
        USB_NONE("none", Type.USB),
        /** virtio-scsi. */
        VIRTIO_SCSI("virtio-scsi", Type.SCSI),
        /** The LSI Logic 53C895A adapter. */
        LSILOGIC("lsilogic", Type.SCSI);

        private final String xml;
        private final Type type;

        Model(String xml, Type type) {
            this.xml = xml;
            this.type = type;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the controller type this model belongs to. */
        public Type type() {
            return type;
        }

        /**
         * Looks up a model of a given controller type.
         *
         * @param type the controller type
         * @param xml the model spelling
         * @return the model, or null when that type has no such model
         */
        public static Model of(Type type, String xml) {
            for (Model m : values()) {
                if (m.type == type && m.xml.equals(xml)) {
                    return m;
                }
            }
            return null;
        }
    }
}
