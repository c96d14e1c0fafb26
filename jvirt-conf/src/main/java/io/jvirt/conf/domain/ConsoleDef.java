package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <console>} device. A console with target type {@code serial} is the first serial
 * port seen as a console; one with target type {@code virtio} is a virtio console port.
 *
 * @param source the host side
 * @param targetType the {@code <target type>}, or null for serial
 * @param port the {@code <target port>}, or null
 */
public record ConsoleDef(CharSource source, TargetType targetType, Integer port) implements DeviceDef {

    /** Returns null: this device has no guest bus address in jvirt's model yet. */
    @Override
    public Address address() {
        return null;
    }


    /** Validates the values. */
    public ConsoleDef {
        Checks.required(source, "The console source");
        Checks.range(port, 0, 31, "The console port number");
    }

    /** Returns whether this console is a virtio console rather than a view of a serial port. */
    public boolean isVirtio() {
        return targetType == TargetType.VIRTIO;
    }

    /** The {@code type} attribute of {@code <target>}. */
    public enum TargetType implements XmlEnum {
        /** The first serial port. */
        SERIAL("serial"),
        /** A virtio-serial console port. */
        VIRTIO("virtio");

        private final String xml;

        TargetType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
