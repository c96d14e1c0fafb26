package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * An {@code <input>} device.
 *
 * @param type the kind of device
 * @param bus the bus it sits on
 * @param address where it sits, or null
 */
public record InputDef(Type type, Bus bus, Address address) implements DeviceDef {

    /** Validates the combination. */
    public InputDef {
        Checks.required(type, "The input type");
        Checks.required(bus, "The input bus");
        if (type == Type.TABLET && bus == Bus.PS2) {
            throw new ConfException(Kind.CONFLICT, "A tablet cannot sit on the ps2 bus; use usb or virtio.");
        }
        if (address != null && !(bus == Bus.USB && address instanceof Address.Usb)
                && !(bus == Bus.VIRTIO && address instanceof Address.Pci)) {
            throw new ConfException(Kind.CONFLICT,
                    "An input device on the " + bus.xml() + " bus cannot have that kind of address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public InputDef withAddress(Address newAddress) {
        return new InputDef(type, bus, newAddress);
    }

    /**
     * Returns the bus libvirt uses when none is given: usb for a tablet, ps2 otherwise.
     *
     * @param type the device type
     * @return the default bus
     */
    public static Bus defaultBus(Type type) {
        return switch (type) {
            case TABLET -> Bus.USB;
            case MOUSE, KEYBOARD -> Bus.PS2;
        };
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** A relative pointing device. */
        MOUSE("mouse"),
        /** An absolute pointing device. */
        TABLET("tablet"),
        /** A keyboard. */
        KEYBOARD("keyboard");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code bus} attribute. */
    public enum Bus implements XmlEnum {
        /** The PS/2 controller built into PC machines. */
        PS2("ps2"),
        /** A USB controller. */
        USB("usb"),
        /** virtio-input on PCI. */
        VIRTIO("virtio");

        private final String xml;

        Bus(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
