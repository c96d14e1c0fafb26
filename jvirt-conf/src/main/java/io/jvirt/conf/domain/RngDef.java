package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * An {@code <rng>} device: a virtio entropy source fed from a host random device
 * ({@code <backend model='random'>}). The model is always {@code virtio}.
 *
 * @param backendPath the host device, such as {@code /dev/urandom}
 * @param rateBytes the {@code <rate bytes>} limit, or null
 * @param ratePeriodMs the {@code <rate period>} in milliseconds, or null
 * @param address where it sits, or null
 */
public record RngDef(String backendPath, Integer rateBytes, Integer ratePeriodMs, Address address)
        implements DeviceDef {

    /** The default host entropy source. */
    public static final String URANDOM = "/dev/urandom";

    /** Validates the values. */
    public RngDef {
        Checks.required(backendPath, "The rng backend path");
        Checks.path(backendPath, "The rng backend path");
        Checks.range(rateBytes, 1, Integer.MAX_VALUE, "The rng rate in bytes");
        Checks.range(ratePeriodMs, 1, Integer.MAX_VALUE, "The rng rate period");
        if (ratePeriodMs != null && rateBytes == null) {
            throw new ConfException(Kind.MISSING_VALUE, "An rng <rate> with a period needs a bytes value.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "An rng device accepts only a pci address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public RngDef withAddress(Address newAddress) {
        return new RngDef(backendPath, rateBytes, ratePeriodMs, newAddress);
    }
}
