package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <memballoon>} device.
 *
 * @param model the balloon model
 * @param autodeflate whether the balloon deflates when the guest runs out of memory, or null
 * @param statsPeriod the {@code <stats period>} in seconds, or null
 * @param address where it sits, or null
 */
public record MemballoonDef(Model model, Boolean autodeflate, Integer statsPeriod, Address address)
        implements DeviceDef {

    /** Validates the values. */
    public MemballoonDef {
        Checks.required(model, "The memballoon model");
        Checks.range(statsPeriod, 0, 86400, "The memballoon stats period");
        if (model == Model.NONE && (autodeflate != null || statsPeriod != null || address != null)) {
            throw new ConfException(Kind.CONFLICT,
                    "A memballoon of model 'none' cannot have options or an address.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A memballoon accepts only a pci address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public MemballoonDef withAddress(Address newAddress) {
        return new MemballoonDef(model, autodeflate, statsPeriod, newAddress);
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** virtio-balloon. */
        VIRTIO("virtio"),
        /** No balloon. */
        NONE("none");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
