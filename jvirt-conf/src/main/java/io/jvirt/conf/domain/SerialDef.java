package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <serial>} device: a guest serial port.
 *
 * @param source the host side
 * @param targetType the {@code <target type>}, or null for an ISA port
 * @param port the {@code <target port>}, or null
 * @param model the {@code <target><model name>}, or null
 * @param address the ISA address of an ISA port (kept as given) or the PCI address of a PCI port, or null
 */
public record SerialDef(CharSource source, TargetType targetType, Integer port, TargetModel model, Address address)
        implements DeviceDef {

    /** Validates the values. */
    public SerialDef {
        Checks.required(source, "The serial source");
        Checks.range(port, 0, 3, "The serial port number");
        if (address != null) {
            boolean pci = effectiveType(targetType, model) == TargetType.PCI_SERIAL;
            if (pci ? !(address instanceof Address.Pci) : !(address instanceof Address.Isa)) {
                throw new ConfException(Kind.INVALID_VALUE, "A serial port of type '"
                        + effectiveType(targetType, model).xml() + "' accepts only " + (pci ? "a pci" : "an isa")
                        + " address.");
            }
        }
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

    /** Returns the kind of port the guest sees: the model's when given, else the target type, else ISA. */
    public TargetType effectiveType() {
        return effectiveType(targetType, model);
    }

    private static TargetType effectiveType(TargetType targetType, TargetModel model) {
        if (model != null) {
            return switch (model) {
                case ISA_SERIAL -> TargetType.ISA_SERIAL;
                case PCI_SERIAL -> TargetType.PCI_SERIAL;
            };
        }
        return targetType == null ? TargetType.ISA_SERIAL : targetType;
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

    /** The {@code type} attribute of {@code <target>}. */
    public enum TargetType implements XmlEnum {
        /** A legacy ISA 16550A port. */
        ISA_SERIAL("isa-serial"),
        /** A PCI serial card. */
        PCI_SERIAL("pci-serial");

        private final String xml;

        TargetType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code name} attribute of {@code <target><model>}. */
    public enum TargetModel implements XmlEnum {
        /** QEMU's isa-serial device. */
        ISA_SERIAL("isa-serial"),
        /** QEMU's pci-serial device. */
        PCI_SERIAL("pci-serial");

        private final String xml;

        TargetModel(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
