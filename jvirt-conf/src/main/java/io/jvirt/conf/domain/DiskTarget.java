package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;
import java.util.regex.Pattern;

/**
 * The {@code <target dev bus tray removable rotation_rate>} element of a disk.
 *
 * @param dev the guest device name such as {@code vda}, {@code sdb}, {@code hdc} or {@code fda}
 * @param bus the bus
 * @param tray whether the tray of a CD-ROM or floppy drive is open or closed, or null (closed)
 * @param removable whether a USB disk says it is removable, or null
 * @param rotationRate the rotation rate a SCSI, IDE or SATA disk reports (1 for an SSD), or null
 */
public record DiskTarget(String dev, Bus bus, Tray tray, Boolean removable, Integer rotationRate) {
    private static final Pattern DEV = Pattern.compile("(vd|sd|hd|fd)[a-z]{1,3}");

    /** Validates the name. */
    public DiskTarget {
        Checks.required(dev, "The disk target 'dev'");
        Checks.matches(dev, DEV, "The disk target device name");
        Checks.required(bus, "The disk target bus");
        Checks.range(rotationRate, 1, 65534, "The disk rotation rate");
    }

    /**
     * A target with only a name and a bus.
     *
     * @param dev the guest device name
     * @param bus the bus
     */
    public DiskTarget(String dev, Bus bus) {
        this(dev, bus, null, null, null);
    }

    /**
     * Returns the zero-based index encoded in the name: {@code vda} is 0, {@code sdb} is 1, {@code vdaa} is 26.
     *
     * @return the index
     */
    public int index() {
        return index(dev);
    }

    /**
     * Returns the index libvirt reads from a device name (its letters after the two-letter prefix).
     *
     * @param dev a name such as {@code vdb}
     * @return the index, from 0
     */
    public static int index(String dev) {
        int idx = 0;
        for (int i = 2; i < dev.length(); i++) {
            idx = idx * 26 + (dev.charAt(i) - 'a' + 1);
        }
        return idx - 1;
    }

    /** The {@code bus} attribute. */
    public enum Bus implements XmlEnum {
        /** Legacy IDE. */
        IDE("ide"),
        /** The floppy controller. */
        FDC("fdc"),
        /** SCSI on a SCSI controller. */
        SCSI("scsi"),
        /** Paravirtual virtio-blk. */
        VIRTIO("virtio"),
        /** USB mass storage. */
        USB("usb"),
        /** AHCI SATA. */
        SATA("sata");

        private final String xml;

        Bus(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /**
         * Returns the bus libvirt infers for a disk without one: fdc for a floppy, else from the
         * target name (hd ide, sd scsi, vd virtio), else ide.
         *
         * @param dev a name such as {@code vda}
         * @param floppy whether the disk is a floppy
         * @return the bus
         */
        public static Bus infer(String dev, boolean floppy) {
            if (floppy) {
                return FDC;
            }
            if (dev.startsWith("sd")) {
                return SCSI;
            }
            if (dev.startsWith("vd")) {
                return VIRTIO;
            }
            return IDE;
        }
    }

    /** The {@code tray} attribute. */
    public enum Tray implements XmlEnum {
        /** Closed (the default). */
        CLOSED("closed"),
        /** Open: the guest sees no medium. */
        OPEN("open");

        private final String xml;

        Tray(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
