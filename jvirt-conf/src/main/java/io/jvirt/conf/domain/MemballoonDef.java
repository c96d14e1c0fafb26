package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <memballoon>} device.
 *
 * @param model the balloon model
 * @param autodeflate whether the balloon deflates when the guest runs out of memory
 *     ({@code deflate-on-oom}), or null
 * @param freePageReporting whether the guest reports free pages to the host, or null
 * @param statsPeriod the {@code <stats period>} in seconds, or null
 * @param options the virtio options of its {@code <driver>}
 * @param address where it sits, or null
 */
public record MemballoonDef(Model model, Boolean autodeflate, Boolean freePageReporting, Integer statsPeriod,
                            VirtioOptions options, Address address) implements DeviceDef {

    /** Validates the values. */
    public MemballoonDef {
        Checks.required(model, "The memballoon model");
        options = options == null ? VirtioOptions.NONE : options;
        Checks.range(statsPeriod, 0, 86400, "The memballoon stats period");
        switch (model) {
            case NONE -> {
                if (autodeflate != null || freePageReporting != null || statsPeriod != null || address != null
                        || !options.isEmpty()) {
                    throw new ConfException(Kind.CONFLICT,
                            "A memballoon of model 'none' cannot have options or an address.");
                }
            }
            case XEN -> throw new ConfException(Kind.UNSUPPORTED,
                    "The memballoon model 'xen' is for Xen guests; use 'virtio' or 'none'.");
            case VIRTIO, VIRTIO_TRANSITIONAL, VIRTIO_NON_TRANSITIONAL -> {
                // every option applies
            }
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A memballoon accepts only a pci address.");
        }
    }

    /**
     * A balloon without free page reporting or virtio options.
     *
     * @param model the model
     * @param autodeflate deflate on OOM, or null
     * @param statsPeriod the stats period, or null
     * @param address the address, or null
     */
    public MemballoonDef(Model model, Boolean autodeflate, Integer statsPeriod, Address address) {
        this(model, autodeflate, null, statsPeriod, VirtioOptions.NONE, address);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public MemballoonDef withAddress(Address newAddress) {
        return new MemballoonDef(model, autodeflate, freePageReporting, statsPeriod, options, newAddress);
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** virtio-balloon. */
        VIRTIO("virtio"),
        /** virtio-balloon, transitional. */
        VIRTIO_TRANSITIONAL("virtio-transitional"),
        /** virtio-balloon, virtio 1.0 only. */
        VIRTIO_NON_TRANSITIONAL("virtio-non-transitional"),
        /** Xen's balloon (refused: not a QEMU device). */
        XEN("xen"),
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

        /** Returns the virtio flavour of a virtio balloon, or null for none. */
        public VirtioModel virtio() {
            return switch (this) {
                case VIRTIO -> VirtioModel.VIRTIO;
                case VIRTIO_TRANSITIONAL -> VirtioModel.VIRTIO_TRANSITIONAL;
                case VIRTIO_NON_TRANSITIONAL -> VirtioModel.VIRTIO_NON_TRANSITIONAL;
                case XEN, NONE -> null;
            };
        }
    }
}
