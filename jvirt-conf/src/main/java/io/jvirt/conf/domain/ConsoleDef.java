package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <console>} device. A console with target type {@code serial} is the first serial
 * port seen as a console (libvirt keeps the two in step; so does parsing, see
 * {@link CharDefaults}); one with target type {@code virtio} is a virtio console port.
 *
 * @param source the host side
 * @param targetType the {@code <target type>}, or null for serial
 * @param port the {@code <target port>}: the console's position among the consoles, or the
 *     serial port's number for a serial console
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
        Checks.range(port, 0, 65535, "The console port number");
        CharDefaults.plainCharDevice(source, "console");
    }

    /** Returns whether this console is a virtio console rather than a view of a serial port. */
    public boolean isVirtio() {
        return targetType == TargetType.VIRTIO;
    }

    /**
     * Returns a copy with another source, target type and port.
     *
     * @param newSource the source
     * @param newType the target type
     * @param newPort the port
     * @return the copy
     */
    public ConsoleDef with(CharSource newSource, TargetType newType, Integer newPort) {
        return new ConsoleDef(newSource, newType, newPort);
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
