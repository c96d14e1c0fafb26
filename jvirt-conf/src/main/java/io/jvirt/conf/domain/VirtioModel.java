package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code model} of a virtio device that QEMU offers in three flavours: plain virtio (modern
 * on PCI Express, transitional on conventional PCI), transitional (legacy and modern interfaces,
 * conventional PCI only) and non-transitional (virtio 1.0 only). Used by rng, memballoon, vsock
 * and the virtio network card.
 */
public enum VirtioModel implements XmlEnum {
    /** virtio, as the slot makes it. */
    VIRTIO("virtio", ""),
    /** Transitional virtio (QEMU's {@code -transitional} device). */
    VIRTIO_TRANSITIONAL("virtio-transitional", "-transitional"),
    /** Non-transitional virtio (QEMU's {@code -non-transitional} device). */
    VIRTIO_NON_TRANSITIONAL("virtio-non-transitional", "-non-transitional");

    private final String xml;
    private final String suffix;

    VirtioModel(String xml, String suffix) {
        this.xml = xml;
        this.suffix = suffix;
    }

    @Override
    public String xml() {
        return xml;
    }

    /**
     * Returns QEMU's device name for this flavour of a virtio PCI device.
     *
     * @param base the plain device name, such as {@code virtio-rng-pci}
     * @return such as {@code virtio-rng-pci-non-transitional}
     */
    public String device(String base) {
        return base + suffix;
    }
}
