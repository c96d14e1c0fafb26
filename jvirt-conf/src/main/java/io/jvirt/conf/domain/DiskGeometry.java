package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * {@code <geometry cyls heads secs trans>}: the CHS geometry an IDE or SCSI disk reports.
 *
 * @param cylinders the cylinders
 * @param heads the heads
 * @param sectors the sectors per track
 * @param trans the BIOS translation (IDE only), or null
 */
public record DiskGeometry(int cylinders, int heads, int sectors, Trans trans) {
    /** Validates the numbers. */
    public DiskGeometry {
        Checks.range(cylinders, 1, 16383 * 16 * 63, "The geometry cylinders");
        Checks.range(heads, 1, 255, "The geometry heads");
        Checks.range(sectors, 1, 255, "The geometry sectors");
    }

    /** The {@code trans} attribute. */
    public enum Trans implements XmlEnum {
        /** No translation. */
        NONE("none"),
        /** Chosen by the BIOS. */
        AUTO("auto"),
        /** Logical block addressing. */
        LBA("lba");

        private final String xml;

        Trans(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
