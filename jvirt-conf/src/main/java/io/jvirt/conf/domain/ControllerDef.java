package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <controller>} device: a bus the other devices sit on.
 *
 * <p>The index may be left out: {@link Devices} gives such a controller the index libvirt
 * gives it (the lowest unused one of its type, a USB2 companion the index of the controller
 * before it). Which controllers a machine gets implicitly, their models, and the addresses of
 * everything are the QEMU driver's business at define time ({@code AddressAssigner}).
 *
 * @param type the kind of controller
 * @param index the index among controllers of this type, or null to let one be assigned
 * @param model the model, or null for the type's default
 * @param address where the controller sits (PCI; USB for a CCID controller), or null
 * @param ports the {@code ports} attribute: ports of a USB3 controller or of a virtio-serial controller, or null
 * @param vectors the {@code vectors} attribute of a virtio-serial controller, or null
 * @param masterStartPort the {@code <master startport>} of a USB1 companion of a USB2 controller, or null
 * @param pci the {@code <model name>} and {@code <target>} of a PCI controller, or null
 * @param driver the {@code <driver>} element of a virtio controller, or null
 * @param alias the user alias ({@code ua-...}): QEMU's id of the controller, which names its buses; or null
 */
public record ControllerDef(Type type, Integer index, Model model, Address address, Integer ports, Integer vectors,
                            Integer masterStartPort, ControllerPciOptions pci, ControllerDriver driver, String alias)
        implements DeviceDef {

    /** Validates the combination. */
    public ControllerDef {
        Checks.required(type, "The controller type");
        Checks.range(index, 0, 255, "The controller index");
        if (model != null && model.type() != type) {
            throw new ConfException(Kind.INVALID_VALUE, "The controller model '" + model.xml()
                    + "' does not belong to a controller of type '" + type.xml() + "'.");
        }
        String what = describe(type, index, model);
        checkAddress(type, model, address, what);
        if (ports != null) {
            switch (type) {
                case USB -> {
                    if (model != Model.QEMU_XHCI && model != Model.NEC_XHCI) {
                        throw new ConfException(Kind.CONFLICT, "The " + what
                                + " has a fixed number of ports; only qemu-xhci and nec-xhci take 'ports'.");
                    }
                    Checks.range(ports, 1, 15, "The USB3 controller port count");
                }
                case VIRTIO_SERIAL -> Checks.range(ports, 1, 511, "The virtio-serial controller port count");
                case PCI, SCSI, SATA, IDE, CCID, FDC -> throw new ConfException(Kind.CONFLICT,
                        "Only USB and virtio-serial controllers have 'ports'; remove it from the " + what + ".");
            }
        }
        if (vectors != null) {
            if (type != Type.VIRTIO_SERIAL) {
                throw new ConfException(Kind.CONFLICT,
                        "Only a virtio-serial controller has 'vectors'; remove it from the " + what + ".");
            }
            Checks.range(vectors, 0, 1024, "The virtio-serial controller vector count");
        }
        if (masterStartPort != null) {
            if (type != Type.USB) {
                throw new ConfException(Kind.CONFLICT,
                        "Only a USB controller has a <master>; remove it from the " + what + ".");
            }
            Checks.range(masterStartPort, 0, 255, "The USB <master startport>");
        }
        if (pci != null) {
            if (type != Type.PCI) {
                throw new ConfException(Kind.CONFLICT, "Only a PCI controller has a <model name> or a <target>; "
                        + "remove them from the " + what + ".");
            }
            pci.check(model, what);
        }
        if (driver != null) {
            driver.check(type, model, what);
        }
        Checks.userAlias(alias);
    }

    /**
     * A controller with only a type, an index and a model, as implicit controllers are.
     *
     * @param type the type
     * @param index the index, or null
     * @param model the model, or null
     * @return the controller
     */
    public static ControllerDef of(Type type, Integer index, Model model) {
        return new ControllerDef(type, index, model, null, null, null, null, null, null, null);
    }

    private static void checkAddress(Type type, Model model, Address address, String what) {
        if (address == null) {
            return;
        }
        boolean ok = switch (type) {
            case CCID -> address instanceof Address.Usb;
            case FDC -> address instanceof Address.Isa;
            case USB -> model != Model.USB_NONE && address instanceof Address.Pci;
            case PCI, SCSI, SATA, IDE, VIRTIO_SERIAL -> address instanceof Address.Pci;
        };
        if (!ok) {
            throw new ConfException(Kind.INVALID_VALUE, "The " + what + " cannot have a " + address.describe()
                    + (model == Model.USB_NONE ? "; a USB controller of model 'none' has no address."
                    : "; it sits on " + (type == Type.CCID ? "USB" : type == Type.FDC ? "ISA" : "PCI") + "."));
        }
    }

    /** Returns the controller as a phrase for messages, such as {@code "usb controller 0 (qemu-xhci)"}. */
    public String describe() {
        return describe(type, index, model);
    }

    private static String describe(Type type, Integer index, Model model) {
        return type.xml() + " controller" + (index == null ? "" : " " + index)
                + (model == null ? "" : " (" + model.xml() + ")");
    }

    /** Returns whether this is a USB1 companion of a USB2 controller (ich9-uhci1, -2 or -3). */
    public boolean isUsbCompanion() {
        return model == Model.ICH9_UHCI1 || model == Model.ICH9_UHCI2 || model == Model.ICH9_UHCI3;
    }

    /** Returns whether this is part of a USB2 group: an ich9-ehci1 or one of its companions. */
    public boolean isUsb2() {
        return model == Model.ICH9_EHCI1 || isUsbCompanion();
    }

    /**
     * Returns a copy with another index.
     *
     * @param newIndex the index
     * @return the copy
     */
    public ControllerDef withIndex(int newIndex) {
        return new ControllerDef(type, newIndex, model, address, ports, vectors, masterStartPort, pci, driver, alias);
    }

    /**
     * Returns a copy with another model.
     *
     * @param newModel the model
     * @return the copy
     */
    public ControllerDef withModel(Model newModel) {
        return new ControllerDef(type, index, newModel, address, ports, vectors, masterStartPort, pci, driver, alias);
    }

    /**
     * Returns a copy with another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public ControllerDef withAddress(Address newAddress) {
        return new ControllerDef(type, index, model, newAddress, ports, vectors, masterStartPort, pci, driver, alias);
    }

    /**
     * Returns a copy with other PCI options.
     *
     * @param newPci the options, or null
     * @return the copy
     */
    public ControllerDef withPci(ControllerPciOptions newPci) {
        return new ControllerDef(type, index, model, address, ports, vectors, masterStartPort, newPci, driver, alias);
    }

    /**
     * Returns a copy with another USB master start port.
     *
     * @param startPort the first port of the USB2 controller this companion serves, or null
     * @return the copy
     */
    public ControllerDef withMasterStartPort(Integer startPort) {
        return new ControllerDef(type, index, model, address, ports, vectors, startPort, pci, driver, alias);
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** A PCI or PCIe bus element: a root, a bridge, a port or an expander. */
        PCI("pci"),
        /** A USB host controller. */
        USB("usb"),
        /** A SCSI host adapter. */
        SCSI("scsi"),
        /** An AHCI SATA controller. */
        SATA("sata"),
        /** An IDE controller. */
        IDE("ide"),
        /** A virtio-serial controller for channels and consoles. */
        VIRTIO_SERIAL("virtio-serial"),
        /** A USB smartcard reader (CCID) the smartcard devices plug into. */
        CCID("ccid"),
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
        /** The root bus of a PC machine (pci.0). */
        PCI_ROOT("pci-root", Type.PCI),
        /** The root complex of a q35 machine (pcie.0). */
        PCIE_ROOT("pcie-root", Type.PCI),
        /** A PCI-to-PCI bridge with 31 hot-pluggable slots. */
        PCI_BRIDGE("pci-bridge", Type.PCI),
        /** A DMI-to-PCI bridge: conventional PCI slots on a PCIe root, no hotplug. */
        DMI_TO_PCI_BRIDGE("dmi-to-pci-bridge", Type.PCI),
        /** A PCIe-to-PCI bridge: conventional PCI slots behind a PCIe port. */
        PCIE_TO_PCI_BRIDGE("pcie-to-pci-bridge", Type.PCI),
        /** A PCIe root port holding one device. */
        PCIE_ROOT_PORT("pcie-root-port", Type.PCI),
        /** The upstream port of a PCIe switch. */
        PCIE_SWITCH_UPSTREAM_PORT("pcie-switch-upstream-port", Type.PCI),
        /** A downstream port of a PCIe switch, holding one device. */
        PCIE_SWITCH_DOWNSTREAM_PORT("pcie-switch-downstream-port", Type.PCI),
        /** An extra PCI root bus (pxb) on a PC machine. */
        PCI_EXPANDER_BUS("pci-expander-bus", Type.PCI),
        /** An extra PCIe root bus (pxb-pcie) on a q35 machine. */
        PCIE_EXPANDER_BUS("pcie-expander-bus", Type.PCI),
        /** The PIIX3 UHCI USB 1 controller. */
        PIIX3_UHCI("piix3-uhci", Type.USB),
        /** The PIIX4 UHCI USB 1 controller. */
        PIIX4_UHCI("piix4-uhci", Type.USB),
        /** A generic EHCI USB 2 controller. */
        EHCI("ehci", Type.USB),
        /** The ICH9 EHCI USB 2 controller; its USB 1 companions are ich9-uhci1 to 3. */
        ICH9_EHCI1("ich9-ehci1", Type.USB),
        /** The first ICH9 UHCI companion (ports 1-2 of its EHCI). */
        ICH9_UHCI1("ich9-uhci1", Type.USB),
        /** The second ICH9 UHCI companion (ports 3-4). */
        ICH9_UHCI2("ich9-uhci2", Type.USB),
        /** The third ICH9 UHCI companion (ports 5-6). */
        ICH9_UHCI3("ich9-uhci3", Type.USB),
        /** The VIA VT82C686B UHCI controller (not on x86 QEMU). */
        VT82C686B_UHCI("vt82c686b-uhci", Type.USB),
        /** A PCI OHCI USB 1 controller. */
        PCI_OHCI("pci-ohci", Type.USB),
        /** The NEC XHCI USB 3 controller. */
        NEC_XHCI("nec-xhci", Type.USB),
        /** QEMU's XHCI USB 3 controller. */
        QEMU_XHCI("qemu-xhci", Type.USB),
        /** No USB controller at all. */
        USB_NONE("none", Type.USB),
        /** Let the hypervisor choose (libvirt's 'auto'). */
        SCSI_AUTO("auto", Type.SCSI),
        /** BusLogic (not in QEMU). */
        BUSLOGIC("buslogic", Type.SCSI),
        /** The LSI Logic 53C895A adapter. */
        LSILOGIC("lsilogic", Type.SCSI),
        /** The LSI SAS 1068 adapter (mptsas1068). */
        LSISAS1068("lsisas1068", Type.SCSI),
        /** The VMware paravirtual SCSI adapter (pvscsi). */
        VMPVSCSI("vmpvscsi", Type.SCSI),
        /** The IBM virtual SCSI adapter (pSeries only). */
        IBMVSCSI("ibmvscsi", Type.SCSI),
        /** virtio-scsi. */
        VIRTIO_SCSI("virtio-scsi", Type.SCSI),
        /** The LSI MegaRAID SAS 1078 adapter (megasas). */
        LSISAS1078("lsisas1078", Type.SCSI),
        /** virtio-scsi in transitional mode (conventional PCI). */
        SCSI_VIRTIO_TRANSITIONAL("virtio-transitional", Type.SCSI),
        /** virtio-scsi in non-transitional (virtio 1.0) mode. */
        SCSI_VIRTIO_NON_TRANSITIONAL("virtio-non-transitional", Type.SCSI),
        /** The NCR 53C90 (ESP) built into some non-PC machines. */
        NCR53C90("ncr53c90", Type.SCSI),
        /** The Tekram DC-390. */
        DC390("dc390", Type.SCSI),
        /** The AMD 53C974. */
        AM53C974("am53c974", Type.SCSI),
        /** The PIIX3 IDE controller. */
        IDE_PIIX3("piix3", Type.IDE),
        /** The PIIX4 IDE controller. */
        IDE_PIIX4("piix4", Type.IDE),
        /** The ICH6 IDE controller. */
        IDE_ICH6("ich6", Type.IDE),
        /** virtio-serial. */
        VIRTIO_SERIAL("virtio", Type.VIRTIO_SERIAL),
        /** virtio-serial in transitional mode (conventional PCI). */
        SERIAL_VIRTIO_TRANSITIONAL("virtio-transitional", Type.VIRTIO_SERIAL),
        /** virtio-serial in non-transitional (virtio 1.0) mode. */
        SERIAL_VIRTIO_NON_TRANSITIONAL("virtio-non-transitional", Type.VIRTIO_SERIAL);

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

        /**
         * Returns the models of a type, as a phrase for messages.
         *
         * @param type the controller type
         * @return the spellings, comma separated
         */
        public static String allowed(Type type) {
            StringBuilder sb = new StringBuilder();
            for (Model m : values()) {
                if (m.type == type) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(m.xml);
                }
            }
            return sb.toString();
        }
    }
}
