package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <hub type='usb'>} device: an 8-port USB hub on a USB port, whose ports further
 * USB devices can use ({@code <address type='usb' port='1.3'>}). The type is always usb.
 *
 * @param address the USB port the hub sits on, or null to let one be assigned
 */
public record HubDef(Address address) implements DeviceDef {

    /** The ports of a USB hub. */
    public static final int PORTS = 8;

    /** Validates the address. */
    public HubDef {
        if (address != null && !(address instanceof Address.Usb)) {
            throw new ConfException(Kind.INVALID_VALUE, "A USB hub accepts only a usb address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public HubDef withAddress(Address newAddress) {
        return new HubDef(newAddress);
    }
}
