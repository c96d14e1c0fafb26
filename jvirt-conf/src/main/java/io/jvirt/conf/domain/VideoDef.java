package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <video>} device.
 *
 * @param model the emulated adapter
 * @param vram the video RAM in KiB, or null
 * @param ram the QXL RAM bar size in KiB, or null
 * @param vgamem the QXL VGA framebuffer size in KiB, or null
 * @param heads the number of screens, or null
 * @param primary whether this is the primary adapter, or null
 * @param address where the adapter sits, or null
 */
public record VideoDef(Model model, Integer vram, Integer ram, Integer vgamem, Integer heads, Boolean primary,
                       Address address) implements DeviceDef {

    /** Validates the values. */
    public VideoDef {
        Checks.required(model, "The video model");
        Checks.range(vram, 1024, 1 << 22, "The video RAM size in KiB");
        Checks.range(ram, 1024, 1 << 22, "The video ram size in KiB");
        Checks.range(vgamem, 1024, 1 << 20, "The video vgamem size in KiB");
        Checks.range(heads, 1, 16, "The video head count");
        if ((ram != null || vgamem != null) && model != Model.QXL) {
            throw new io.jvirt.conf.ConfException(io.jvirt.conf.ConfException.Kind.CONFLICT,
                    "Only a qxl video device has 'ram' and 'vgamem' sizes.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new io.jvirt.conf.ConfException(io.jvirt.conf.ConfException.Kind.INVALID_VALUE,
                    "A video device accepts only a pci address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public VideoDef withAddress(Address newAddress) {
        return new VideoDef(model, vram, ram, vgamem, heads, primary, newAddress);
    }

    /** The {@code type} attribute of {@code <model>}. */
    public enum Model implements XmlEnum {
        /** Standard VGA with Bochs VBE extensions. */
        VGA("vga"),
        /** Cirrus Logic GD5446. */
        CIRRUS("cirrus"),
        /** QXL paravirtual graphics. */
        QXL("qxl"),
        /** virtio-gpu. */
        VIRTIO("virtio"),
        /** The Bochs display without legacy VGA. */
        BOCHS("bochs"),
        /** No video device. */
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
