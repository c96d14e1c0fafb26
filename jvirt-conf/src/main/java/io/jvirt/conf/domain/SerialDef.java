package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <serial>} device: a guest serial port. Parsing fills in what libvirt fills in for
 * x86 ({@link CharDefaults}): the target type isa-serial, the model of the target type, and
 * the port number.
 *
 * @param source the host side
 * @param targetType the {@code <target type>}, or null until defaults are filled in (isa-serial)
 * @param port the {@code <target port>}, or null until defaults are filled in
 * @param model the {@code <target><model name>}, or null until defaults are filled in
 * @param address the ISA address of an ISA port (kept as given), the USB port of a usb-serial,
 *     the PCI address of a pci-serial, or null
 */
public record SerialDef(CharSource source, TargetType targetType, Integer port, TargetModel model, Address address)
        implements DeviceDef {

    /** Validates the values and their combination, as libvirt's qemu driver does. */
    public SerialDef {
        Checks.required(source, "The serial source");
        Checks.range(port, 0, 65535, "The serial port number");
        TargetType type = effectiveType(targetType, model);
        if (targetType != null && model != null && model.targetType() != targetType) {
            throw new ConfException(Kind.CONFLICT, "The serial target model '" + model.xml()
                    + "' requires the target type '" + model.targetType().xml() + "', not '" + targetType.xml() + "'.");
        }
        if (type.isIsa() && port != null && port > 3) {
            throw new ConfException(Kind.INVALID_VALUE, "The ISA serial port " + port
                    + " does not exist; a PC has ISA serial ports 0 to 3.");
        }
        if (address != null) {
            boolean fits = switch (type) {
                case ISA_SERIAL, ISA_DEBUG -> address instanceof Address.Isa;
                case USB_SERIAL -> address instanceof Address.Usb;
                case PCI_SERIAL -> address instanceof Address.Pci;
            };
            if (!fits) {
                throw new ConfException(Kind.INVALID_VALUE, "A serial port of type '" + type.xml()
                        + "' accepts only " + switch (type) {
                            case ISA_SERIAL, ISA_DEBUG -> "an isa";
                            case USB_SERIAL -> "a usb";
                            case PCI_SERIAL -> "a pci";
                        } + " address.");
            }
        }
        CharDefaults.plainCharDevice(source, "serial port");
    }

    /**
     * A serial port without an address.
     *
     * @param source the host side
     * @param targetType the target type, or null
     * @param port the port number, or null
     * @param model the target model, or null
     */
    public SerialDef(CharSource source, TargetType targetType, Integer port, TargetModel model) {
        this(source, targetType, port, model, null);
    }

    /** Returns the kind of port the guest sees: the target type, else the model's, else ISA. */
    public TargetType effectiveType() {
        return effectiveType(targetType, model);
    }

    private static TargetType effectiveType(TargetType targetType, TargetModel model) {
        if (targetType != null) {
            return targetType;
        }
        return model == null ? TargetType.ISA_SERIAL : model.targetType();
    }

    /**
     * Returns a copy with another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public SerialDef withAddress(Address newAddress) {
        return new SerialDef(source, targetType, port, model, newAddress);
    }

    /**
     * Returns a copy with another port number.
     *
     * @param newPort the port
     * @return the copy
     */
    public SerialDef withPort(Integer newPort) {
        return new SerialDef(source, targetType, newPort, model, address);
    }

    /**
     * Returns a copy with another host side.
     *
     * @param newSource the source
     * @return the copy
     */
    public SerialDef withSource(CharSource newSource) {
        return new SerialDef(newSource, targetType, port, model, address);
    }

    /** Returns a copy with libvirt's x86 target type and model filled in. */
    SerialDef withTargetDefaults() {
        TargetType type = effectiveType();
        return new SerialDef(source, type, port, model == null ? type.defaultModel() : model, address);
    }

    /** The {@code type} attribute of {@code <target>}. */
    public enum TargetType implements XmlEnum {
        /** A 16550A UART on the ISA bus. */
        ISA_SERIAL("isa-serial"),
        /** A USB serial adapter. */
        USB_SERIAL("usb-serial"),
        /** A PCI serial card. */
        PCI_SERIAL("pci-serial"),
        /** QEMU's debug console on an ISA I/O port (0xe9 by default). */
        ISA_DEBUG("isa-debug");

        private final String xml;

        TargetType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns whether the port sits on the ISA bus. */
        public boolean isIsa() {
            return this == ISA_SERIAL;
        }

        /** Returns the model libvirt gives a port of this type. */
        public TargetModel defaultModel() {
            return switch (this) {
                case ISA_SERIAL -> TargetModel.ISA_SERIAL;
                case USB_SERIAL -> TargetModel.USB_SERIAL;
                case PCI_SERIAL -> TargetModel.PCI_SERIAL;
                case ISA_DEBUG -> TargetModel.ISA_DEBUGCON;
            };
        }
    }

    /** The {@code name} attribute of {@code <target><model>}: the QEMU device. */
    public enum TargetModel implements XmlEnum {
        /** QEMU's isa-serial. */
        ISA_SERIAL("isa-serial"),
        /** QEMU's usb-serial. */
        USB_SERIAL("usb-serial"),
        /** QEMU's pci-serial. */
        PCI_SERIAL("pci-serial"),
        /** QEMU's isa-debugcon. */
        ISA_DEBUGCON("isa-debugcon");

        private final String xml;

        TargetModel(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the target type this model belongs to. */
        public TargetType targetType() {
            return switch (this) {
                case ISA_SERIAL -> TargetType.ISA_SERIAL;
                case USB_SERIAL -> TargetType.USB_SERIAL;
                case PCI_SERIAL -> TargetType.PCI_SERIAL;
                case ISA_DEBUGCON -> TargetType.ISA_DEBUG;
            };
        }
    }
}
