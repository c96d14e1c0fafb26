package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <serial>} device: a guest serial port.
 *
 * @param source the host side
 * @param targetType the {@code <target type>}, or null for an ISA port
 * @param port the {@code <target port>}, or null
 * @param model the {@code <target><model name>}, or null
 */
public record SerialDef(CharSource source, TargetType targetType, Integer port, TargetModel model)
        implements DeviceDef {

    /** Returns null: this device has no guest bus address in jvirt's model yet. */
    @Override
    public Address address() {
        return null;
    }


    /** Validates the values. */
    public SerialDef {
        Checks.required(source, "The serial source");
        Checks.range(port, 0, 3, "The serial port number");
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
