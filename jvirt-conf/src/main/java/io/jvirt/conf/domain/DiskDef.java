package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.xml.XmlEnum;
import java.util.regex.Pattern;

/**
 * A {@code <disk>} device.
 *
 * @param type whether the source is a file, a block device or a storage volume
 * @param device whether the guest sees a disk or a CD-ROM
 * @param driver the {@code <driver>} element, or null
 * @param source the image file or block device path, or null for an empty CD-ROM; for a
 *     {@code volume} disk the volume's file as the daemon resolved it when the domain started
 *     (only in live definitions, written as {@code <source pool volume file>}), else null
 * @param volume the pool and volume of a {@code volume} disk, else null
 * @param target the guest device name and bus
 * @param readonly whether the guest may not write
 * @param shareable whether several guests may use the image at once
 * @param bootOrder the per-device boot order, from 1, or null
 * @param serial the serial number the guest sees, or null
 * @param address where the disk sits, or null to let it be assigned
 */
public record DiskDef(Type type, Device device, DiskDriver driver, String source, VolumeSource volume, Target target,
                      boolean readonly, boolean shareable, Integer bootOrder, String serial, Address address)
        implements DeviceDef {

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_.+\\- ]{1,36}");

    /** Validates the combination. */
    public DiskDef {
        Checks.required(type, "The disk type");
        Checks.required(device, "The disk device");
        Checks.required(target, "The disk <target>");
        Checks.path(source, "The disk source");
        Checks.matches(serial, SERIAL, "The disk serial");
        Checks.range(bootOrder, 1, 65535, "The disk boot order");
        if (type == Type.VOLUME && volume == null && (source != null || device == Device.DISK)) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "The volume disk '" + target.dev() + "' needs <source pool='...' volume='...'/>.");
        }
        if (type != Type.VOLUME && volume != null) {
            throw new ConfException(Kind.CONFLICT, "The disk '" + target.dev()
                    + "' names a storage volume, which needs type='volume'.");
        }
        if (type != Type.VOLUME && source == null && device == Device.DISK) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "The disk '" + target.dev() + "' needs a <source>; only a CD-ROM may be empty.");
        }
        if (device == Device.CDROM && target.bus() == Bus.VIRTIO) {
            throw new ConfException(Kind.CONFLICT, "The CD-ROM '" + target.dev()
                    + "' cannot use the virtio bus, which has no removable media; use sata, scsi or ide.");
        }
        if (address != null && !(address instanceof Address.Pci) && !(address instanceof Address.Drive)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The disk '" + target.dev() + "' accepts only a pci or drive address.");
        }
        if (address instanceof Address.Pci && target.bus() != Bus.VIRTIO) {
            throw new ConfException(Kind.CONFLICT,
                    "The disk '" + target.dev() + "' on the " + target.bus().xml() + " bus cannot have a pci address.");
        }
        if (address instanceof Address.Drive && target.bus() == Bus.VIRTIO) {
            throw new ConfException(Kind.CONFLICT,
                    "The virtio disk '" + target.dev() + "' cannot have a drive address.");
        }
    }

    /** Returns whether QEMU must open the image read-only (a CD-ROM always is). */
    public boolean effectivelyReadonly() {
        return readonly || device == Device.CDROM;
    }

    /**
     * Returns a copy of a {@code volume} disk with the volume's file (and driver) filled in,
     * as the daemon does in the live definition when the domain starts.
     *
     * @param file the volume's file
     * @param newDriver the driver, with the volume's format when the definition gave none
     * @return the copy
     */
    public DiskDef withResolvedVolume(String file, DiskDriver newDriver) {
        if (type != Type.VOLUME) {
            throw new IllegalStateException("the disk '" + target.dev() + "' is not a volume disk");
        }
        return new DiskDef(type, device, newDriver, file, volume, target, readonly, shareable, bootOrder, serial,
                address);
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public DiskDef withAddress(Address newAddress) {
        return new DiskDef(type, device, driver, source, volume, target, readonly, shareable, bootOrder, serial,
                newAddress);
    }

    /**
     * The {@code <source pool volume>} of a {@code volume} disk. The names follow the storage
     * model's rules, so a disk can only name what a pool could hold.
     *
     * @param pool the storage pool
     * @param volume the volume in that pool
     */
    public record VolumeSource(String pool, String volume) {
        /** Validates both names. */
        public VolumeSource {
            Checks.required(pool, "The disk source 'pool'");
            Checks.required(volume, "The disk source 'volume'");
            PoolDef.validateName(pool);
            VolumeDef.validateName(volume);
        }
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** An image file; {@code <source file>}. */
        FILE("file"),
        /** A host block device; {@code <source dev>}. */
        BLOCK("block"),
        /** A volume of a storage pool; {@code <source pool volume>}, resolved to a file at start. */
        VOLUME("volume");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code device} attribute. */
    public enum Device implements XmlEnum {
        /** A hard disk. */
        DISK("disk"),
        /** A CD-ROM drive. */
        CDROM("cdrom");

        private final String xml;

        Device(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code bus} attribute of {@code <target>}. */
    public enum Bus implements XmlEnum {
        /** Paravirtual virtio-blk. */
        VIRTIO("virtio"),
        /** AHCI SATA. */
        SATA("sata"),
        /** SCSI on a SCSI controller. */
        SCSI("scsi"),
        /** Legacy IDE. */
        IDE("ide");

        private final String xml;

        Bus(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /**
         * Returns the bus libvirt infers from a target device name.
         *
         * @param dev a name such as {@code vda}
         * @return the bus, or null when the prefix is not known
         */
        public static Bus forDevName(String dev) {
            if (dev.startsWith("vd")) {
                return VIRTIO;
            }
            if (dev.startsWith("sd")) {
                return SCSI;
            }
            if (dev.startsWith("hd")) {
                return IDE;
            }
            return null;
        }
    }

    /**
     * The {@code <target>} element.
     *
     * @param dev the guest device name such as {@code vda}, {@code sdb} or {@code hdc}
     * @param bus the bus
     */
    public record Target(String dev, Bus bus) {
        private static final Pattern DEV = Pattern.compile("(vd|sd|hd)[a-z]{1,3}");

        /** Validates the name. */
        public Target {
            Checks.required(dev, "The disk target 'dev'");
            Checks.matches(dev, DEV, "The disk target device name");
            Checks.required(bus, "The disk target bus");
        }

        /**
         * Returns the zero-based index encoded in the name: {@code vda} is 0, {@code sdb} is 1, {@code vdaa} is 26.
         *
         * @return the index
         */
        public int index() {
            int idx = 0;
            for (int i = 2; i < dev.length(); i++) {
                idx = idx * 26 + (dev.charAt(i) - 'a' + 1);
            }
            return idx - 1;
        }
    }
}
