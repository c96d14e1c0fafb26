package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * An {@code <input>} device.
 *
 * @param type the kind of device
 * @param bus the bus it sits on
 * @param model the virtio model, or null
 * @param source the host event device of a passthrough or evdev input, or null
 * @param options the virtio transport options of its {@code <driver>} (a virtio input's only)
 * @param address where it sits, or null
 */
public record InputDef(Type type, Bus bus, Model model, Source source, VirtioOptions options, Address address)
        implements DeviceDef {

    /** Validates the combination. */
    public InputDef {
        Checks.required(type, "The input type");
        Checks.required(bus, "The input bus");
        options = options == null ? VirtioOptions.NONE : options;
        if (!options.isEmpty() && bus != Bus.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "The <driver> options iommu, ats, packed and page_per_vq apply "
                    + "only to virtio inputs; remove them from the " + type.xml() + " on the " + bus.xml() + " bus.");
        }
        if (bus == Bus.PS2 && type != Type.MOUSE && type != Type.KEYBOARD) {
            throw new ConfException(Kind.CONFLICT, "The ps2 bus has no " + type.xml() + "; use usb or virtio.");
        }
        if (type == Type.PASSTHROUGH && bus != Bus.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "A passthrough input sits on the virtio bus.");
        }
        if ((type == Type.EVDEV) != (bus == Bus.NONE)) {
            throw new ConfException(Kind.CONFLICT, type == Type.EVDEV
                    ? "An evdev input has no bus; remove the bus attribute."
                    : "Only an evdev input has no bus.");
        }
        if (model != null && (bus != Bus.VIRTIO || model != Model.VIRTIO)) {
            throw new ConfException(Kind.UNSUPPORTED, bus != Bus.VIRTIO
                    ? "Only a virtio input has a model."
                    : "QEMU has no transitional virtio input devices; use model 'virtio' or none.");
        }
        boolean needsSource = type == Type.PASSTHROUGH || type == Type.EVDEV;
        if (needsSource && source == null) {
            throw new ConfException(Kind.MISSING_VALUE, "A " + type.xml() + " input needs a <source> naming the "
                    + "host's event device.");
        }
        if (!needsSource && source != null) {
            throw new ConfException(Kind.CONFLICT, "Only passthrough and evdev inputs have a <source>.");
        }
        if (source != null && type == Type.PASSTHROUGH
                && (source.grab() != null || source.grabToggle() != null || source.repeat() != null)) {
            throw new ConfException(Kind.CONFLICT, "grab, grabToggle and repeat apply only to an evdev input.");
        }
        if (address != null && !(bus == Bus.USB && address instanceof Address.Usb)
                && !(bus == Bus.VIRTIO && address instanceof Address.Pci)) {
            throw new ConfException(Kind.CONFLICT,
                    "An input device on the " + bus.xml() + " bus cannot have that kind of address.");
        }
    }

    /**
     * An input device without model or source.
     *
     * @param type the type
     * @param bus the bus
     * @param address the address, or null
     */
    public InputDef(Type type, Bus bus, Address address) {
        this(type, bus, null, null, VirtioOptions.NONE, address);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public InputDef withAddress(Address newAddress) {
        return new InputDef(type, bus, model, source, options, newAddress);
    }

    /**
     * Returns the bus libvirt uses on x86 when none is given: ps2 for a mouse or keyboard,
     * virtio for passthrough, none for evdev, usb for a tablet.
     *
     * @param type the device type
     * @return the default bus
     */
    public static Bus defaultBus(Type type) {
        return switch (type) {
            case MOUSE, KEYBOARD -> Bus.PS2;
            case TABLET -> Bus.USB;
            case PASSTHROUGH -> Bus.VIRTIO;
            case EVDEV -> Bus.NONE;
        };
    }

    /**
     * The {@code <source>} of a passthrough ({@code evdev} attribute) or evdev ({@code dev})
     * input.
     *
     * @param path the host's event device, such as {@code /dev/input/event1}
     * @param grab {@code all} to grab every input device of the host, or null
     * @param grabToggle the key combination that toggles the grab, or null
     * @param repeat whether key repeat is passed on, or null
     */
    public record Source(String path, Grab grab, GrabToggle grabToggle, Boolean repeat) {
        /** Validates the path. */
        public Source {
            Checks.required(path, "The input source device");
            Checks.path(path, "The input source device");
        }
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** A relative pointing device. */
        MOUSE("mouse"),
        /** An absolute pointing device. */
        TABLET("tablet"),
        /** A keyboard. */
        KEYBOARD("keyboard"),
        /** A host event device passed to a virtio-input-host device. */
        PASSTHROUGH("passthrough"),
        /** A host event device QEMU reads and feeds to the guest's PS/2 or virtio devices (input-linux). */
        EVDEV("evdev");

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
        VIRTIO("virtio"),
        /** No bus (evdev). */
        NONE("none");

        private final String xml;

        Bus(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code model} attribute of a virtio input. */
    public enum Model implements XmlEnum {
        /** virtio 1.0. */
        VIRTIO("virtio"),
        /** Transitional virtio (QEMU has no such input device). */
        VIRTIO_TRANSITIONAL("virtio-transitional"),
        /** Non-transitional virtio (QEMU has no such input device). */
        VIRTIO_NON_TRANSITIONAL("virtio-non-transitional");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code grab} attribute of an evdev source. */
    public enum Grab implements XmlEnum {
        /** Grab all of the host's input devices, not only this one. */
        ALL("all");

        private final String xml;

        Grab(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code grabToggle} attribute of an evdev source. */
    public enum GrabToggle implements XmlEnum {
        /** Both Ctrl keys. */
        CTRL_CTRL("ctrl-ctrl"),
        /** Both Alt keys. */
        ALT_ALT("alt-alt"),
        /** Both Shift keys. */
        SHIFT_SHIFT("shift-shift"),
        /** Both Meta keys. */
        META_META("meta-meta"),
        /** Scroll Lock. */
        SCROLLLOCK("scrolllock"),
        /** Ctrl and Scroll Lock. */
        CTRL_SCROLLLOCK("ctrl-scrolllock");

        private final String xml;

        GrabToggle(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
