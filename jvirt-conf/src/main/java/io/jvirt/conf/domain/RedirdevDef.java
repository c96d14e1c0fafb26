package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <redirdev bus='usb'>}: a USB device of a client (a SPICE viewer, or a usbredir
 * server over TCP) redirected into the guest.
 *
 * @param source where the redirected device comes from, usually spicevmc or tcp
 * @param bootOrder the {@code <boot order>}, or null
 * @param address the USB port, or null
 */
public record RedirdevDef(CharSource source, Integer bootOrder, Address address) implements DeviceDef {

    /** Validates the values. */
    public RedirdevDef {
        Checks.required(source, "The redirdev source");
        CharDefaults.requireSocketPath(source, "USB redirection");
        Checks.range(bootOrder, 1, 65535, "The boot order");
        if (address != null && !(address instanceof Address.Usb)) {
            throw new ConfException(Kind.INVALID_VALUE, "A redirected USB device accepts only a usb address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public RedirdevDef withAddress(Address newAddress) {
        return new RedirdevDef(source, bootOrder, newAddress);
    }
}
