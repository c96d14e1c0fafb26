package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A {@code <video>} device. Parsing fills in libvirt's defaults ({@link #withDefaults()}) and
 * marks the first adapter primary.
 *
 * @param model the emulated adapter
 * @param ram the QXL RAM bar in KiB, or null
 * @param vram the video RAM in KiB, or null
 * @param vram64 the QXL 64-bit video RAM bar in KiB, or null
 * @param vgamem the QXL VGA framebuffer in KiB, or null
 * @param heads the number of screens, or null
 * @param primary whether this is the primary adapter, or null
 * @param acceleration the {@code <acceleration>} element, or null
 * @param resolution the {@code <resolution>} element, or null
 * @param backend the {@code <driver name>}: QEMU's own device or a vhost-user GPU process, or null
 * @param options the virtio transport options of {@code <driver>} (a virtio adapter's only)
 * @param acpiIndex the ACPI index the guest names the adapter by ({@code <acpi index>}), or null
 * @param alias the user alias ({@code ua-...}) QEMU knows the adapter by, or null for {@code videoN}
 * @param address where the adapter sits, or null
 */
public record VideoDef(Model model, Integer ram, Integer vram, Integer vram64, Integer vgamem, Integer heads,
                       Boolean primary, Acceleration acceleration, Resolution resolution, Backend backend,
                       VirtioOptions options, Integer acpiIndex, String alias, Address address) implements DeviceDef {

    private static final long MAX_KIB = 0xffffffffL / 1024;

    /** Validates the values as libvirt's domain and qemu validation do. */
    public VideoDef {
        Checks.required(model, "The video model");
        options = options == null ? VirtioOptions.NONE : options;
        if (!options.isEmpty() && model != Model.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "The <driver> options iommu, ats, packed and page_per_vq apply only "
                    + "to virtio devices; remove them from the " + model.xml() + " video device.");
        }
        Checks.range(acpiIndex, 1, 16383, "The video ACPI index");
        Checks.userAlias(alias);
        for (Integer kib : new Integer[] {ram, vram, vram64, vgamem}) {
            if (kib != null && (kib < 0 || kib > MAX_KIB)) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "A video memory size must be from 0 to " + MAX_KIB + " KiB, not " + kib + ".");
            }
        }
        Checks.range(heads, 1, 64, "The video head count");
        if (model != Model.QXL && (ram != null || vram64 != null || vgamem != null)) {
            throw new ConfException(Kind.CONFLICT, "Only a qxl video device has 'ram', 'vram64' and 'vgamem' sizes.");
        }
        if (model == Model.QXL && vgamem != null && (vgamem < 1024 || Integer.bitCount(vgamem) != 1)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The qxl vgamem must be a power of two of at least 1 MiB (1024 KiB), not " + vgamem + ".");
        }
        if ((model == Model.VGA || model == Model.VMVGA) && vram != null && vram != 0 && vram < 1024) {
            throw new ConfException(Kind.INVALID_VALUE, "The vram of a " + model.xml()
                    + " video device must be at least 1 MiB (1024 KiB).");
        }
        if (heads != null && heads != 1 && model != Model.QXL && model != Model.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "A video device of model '" + model.xml()
                    + "' has one head; only qxl and virtio have more.");
        }
        if (resolution != null && model != Model.VGA && model != Model.QXL && model != Model.VIRTIO
                && model != Model.BOCHS) {
            throw new ConfException(Kind.CONFLICT, "A video device of model '" + model.xml()
                    + "' has no <resolution>; vga, qxl, virtio and bochs do.");
        }
        if (backend == Backend.VHOSTUSER && model != Model.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "The vhostuser video driver works only with model 'virtio'.");
        }
        if (acceleration != null) {
            if (Boolean.TRUE.equals(acceleration.accel2d())) {
                throw new ConfException(Kind.UNSUPPORTED, "QEMU does not support accel2d; remove it.");
            }
            if (acceleration.rendernode() != null && backend != Backend.VHOSTUSER) {
                throw new ConfException(Kind.CONFLICT,
                        "A video <acceleration rendernode> needs <driver name='vhostuser'>.");
            }
            if (Boolean.TRUE.equals(acceleration.accel3d()) && model != Model.VIRTIO) {
                throw new ConfException(Kind.CONFLICT, "3D acceleration works only with the 'virtio' video model.");
            }
        }
        if (model == Model.RAMFB && address != null) {
            throw new ConfException(Kind.CONFLICT, "A ramfb video device has no address; remove it.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A video device accepts only a pci address.");
        }
    }

    /**
     * The adapter libvirt adds for a domain with graphics and no video, with libvirt's defaults.
     *
     * @param model the model
     * @return the adapter, primary
     */
    public static VideoDef of(Model model) {
        return new VideoDef(model, null, null, null, null, null, true, null, null, null, null, null, null, null)
                .withDefaults();
    }

    /** Returns whether this adapter is the primary one. */
    public boolean isPrimary() {
        return Boolean.TRUE.equals(primary);
    }

    /**
     * Returns a copy with libvirt's defaults filled in: one head, the video RAM of the model
     * (16 MiB for vga, cirrus, vmvga and bochs; 64 MiB RAM and video RAM and 16 MiB vgamem for
     * qxl), sizes rounded up to a power of two. A {@code none} adapter has no settings at all.
     */
    public VideoDef withDefaults() {
        if (model == Model.NONE) {
            return new VideoDef(model, null, null, null, null, null, null, null, null, null, null, null, alias, null);
        }
        Integer defaultRam = switch (model) {
            case VGA, CIRRUS, VMVGA, BOCHS -> 16 * 1024;
            case QXL -> 64 * 1024;
            case VIRTIO, RAMFB, NONE -> null;
        };
        Integer newRam = model == Model.QXL ? powerOfTwo(ram == null || ram == 0 ? defaultRam : ram) : ram;
        Integer newVram = powerOfTwo(vram == null || vram == 0 ? defaultRam : vram);
        Integer newVgamem = model == Model.QXL && vgamem == null ? Integer.valueOf(16 * 1024) : vgamem;
        return new VideoDef(model, newRam, newVram, vram64, newVgamem, heads == null ? 1 : heads, primary,
                acceleration, resolution, backend, options, acpiIndex, alias, address);
    }

    private static Integer powerOfTwo(Integer kib) {
        if (kib == null || kib == 0) {
            return kib;
        }
        return Integer.bitCount(kib) == 1 ? kib : Integer.highestOneBit(kib) << 1;
    }

    /**
     * Returns a copy with another primary flag.
     *
     * @param newPrimary the flag, or null
     * @return the copy
     */
    public VideoDef withPrimary(Boolean newPrimary) {
        return new VideoDef(model, ram, vram, vram64, vgamem, heads, newPrimary, acceleration, resolution, backend,
                options, acpiIndex, alias, address);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public VideoDef withAddress(Address newAddress) {
        return new VideoDef(model, ram, vram, vram64, vgamem, heads, primary, acceleration, resolution, backend,
                options, acpiIndex, alias, newAddress);
    }

    /**
     * {@code <model><acceleration accel3d accel2d rendernode>}.
     *
     * @param accel3d 3D acceleration (virgl), or null
     * @param accel2d 2D acceleration, or null (QEMU has none)
     * @param rendernode the host render node of a vhost-user GPU, or null
     */
    public record Acceleration(Boolean accel3d, Boolean accel2d, String rendernode) {
        /** Validates the values. */
        public Acceleration {
            if (accel3d == null && accel2d == null && rendernode == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<acceleration> needs accel3d, accel2d or rendernode.");
            }
            Checks.path(rendernode, "The video acceleration render node");
        }
    }

    /**
     * {@code <model><resolution x y>}: the resolution the guest's firmware and driver start with.
     *
     * @param x the width in pixels
     * @param y the height in pixels
     */
    public record Resolution(int x, int y) {
        /** Validates the values. */
        public Resolution {
            Checks.range(x, 1, 65535, "The video resolution width");
            Checks.range(y, 1, 65535, "The video resolution height");
        }
    }

    /** The {@code type} attribute of {@code <model>}: the models QEMU 7.2 has. */
    public enum Model implements XmlEnum {
        /** Standard VGA with Bochs VBE extensions. */
        VGA("vga"),
        /** Cirrus Logic GD5446. */
        CIRRUS("cirrus"),
        /** VMware SVGA II. */
        VMVGA("vmvga"),
        /** QXL paravirtual graphics. */
        QXL("qxl"),
        /** virtio-gpu. */
        VIRTIO("virtio"),
        /** No video device. */
        NONE("none"),
        /** The Bochs display without legacy VGA. */
        BOCHS("bochs"),
        /** A RAM framebuffer set up by the firmware. */
        RAMFB("ramfb");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code name} attribute of {@code <driver>}. */
    public enum Backend implements XmlEnum {
        /** QEMU's own device. */
        QEMU("qemu"),
        /** A vhost-user-gpu process renders. */
        VHOSTUSER("vhostuser");

        private final String xml;

        Backend(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
