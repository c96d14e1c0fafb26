package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <disk>} device, as libvirt models it: the guest-side device (target, bus, what the
 * guest sees) over a {@link StorageSource} chain (where the bytes are). Built with
 * {@link Builder}; every rule libvirt checks at define time is checked when one is built
 * ({@link DiskChecks}), all problems at once.
 *
 * @param device what the guest sees: disk, cdrom, floppy or lun
 * @param model the virtio-blk variant, or null
 * @param rawio whether a LUN may send any SCSI command (rawio capability), or null
 * @param sgio whether a LUN's SG_IO commands are filtered, or null
 * @param snapshot how snapshots treat this disk by default, or null
 * @param driver the {@code <driver>} attributes (name qemu when the XML gives none)
 * @param source the storage: the disk's source with its format and backing chain
 * @param startupPolicy what a missing source does at start (cdrom/floppy), or null
 * @param authOnDisk whether {@code <auth>} is written under {@code <disk>} rather than {@code <source>}
 * @param encryptionOnDisk whether {@code <encryption>} is written under {@code <disk>}
 * @param geometry the CHS geometry, or null
 * @param blockio the sector sizes, or null
 * @param target the guest device name and bus
 * @param iotune the I/O limits, or null
 * @param readonly whether the guest may not write (always for a CD-ROM)
 * @param shareable whether several guests may use the image at once
 * @param transientDisk whether writes go to a throw-away overlay, or null; {@code shareBacking} inside
 * @param serial the serial number the guest sees, or null
 * @param wwn the World Wide Name, 16 hex digits, or null
 * @param vendor the SCSI vendor, or null
 * @param product the SCSI product, or null
 * @param bootOrder the per-device boot order, from 1, or null
 * @param loadparm the boot loadparm (s390 only), or null
 * @param alias the user alias ({@code ua-...}), or null
 * @param address where the disk sits, or null to let it be assigned
 */
public record DiskDef(Device device, Model model, Boolean rawio, Sgio sgio, SnapshotMode snapshot, DiskDriver driver,
                      StorageSource source, StartupPolicy startupPolicy, boolean authOnDisk, boolean encryptionOnDisk,
                      DiskGeometry geometry, DiskBlockIo blockio, DiskTarget target, IoTune iotune, boolean readonly,
                      boolean shareable, Transient transientDisk, String serial, String wwn, String vendor,
                      String product, Integer bootOrder, String loadparm, String alias, Address address)
        implements DeviceDef {

    /**
     * Validates the disk as libvirt does at define time, reporting every problem at once.
     *
     * @throws io.jvirt.conf.ConfException when the disk is not valid
     */
    public DiskDef(Device device, Model model, Boolean rawio, Sgio sgio, SnapshotMode snapshot, DiskDriver driver,
                   StorageSource source, StartupPolicy startupPolicy, boolean authOnDisk, boolean encryptionOnDisk,
                   DiskGeometry geometry, DiskBlockIo blockio, DiskTarget target, IoTune iotune, boolean readonly,
                   boolean shareable, Transient transientDisk, String serial, String wwn, String vendor,
                   String product, Integer bootOrder, String loadparm, String alias, Address address) {
        Checks.required(device, "The disk device");
        Checks.required(source, "The disk source");
        Checks.required(target, "The disk <target>");
        this.device = device;
        this.model = model;
        this.rawio = rawio;
        this.sgio = sgio;
        this.snapshot = snapshot;
        this.source = source;
        this.startupPolicy = startupPolicy;
        this.authOnDisk = authOnDisk;
        this.encryptionOnDisk = encryptionOnDisk;
        this.geometry = geometry;
        this.blockio = blockio;
        this.target = target;
        this.iotune = iotune;
        this.readonly = readonly;
        this.shareable = shareable;
        this.transientDisk = transientDisk;
        this.serial = serial;
        this.wwn = wwn;
        this.vendor = vendor;
        this.product = product;
        this.bootOrder = bootOrder;
        this.loadparm = loadparm;
        this.alias = alias;
        this.address = address;
        this.driver = driver == null ? DiskDriver.QEMU : driver;
        DiskChecks.check(this);
    }

    /** Returns the disk type, from its source. */
    public DiskSource.Type type() {
        return source.location().type();
    }

    /** Returns where the disk's own bytes are. */
    public DiskSource location() {
        return source.location();
    }

    /** Returns the image format, or null (a volume not yet resolved). */
    public DiskFormat format() {
        return source.format();
    }

    /** Returns the host path QEMU opens for a local disk, or null (network, empty, unresolved volume). */
    public String localPath() {
        return source.location().localPath();
    }

    /** Returns whether the drive has no medium. */
    public boolean isEmpty() {
        return source.location().isEmpty();
    }

    /** Returns whether QEMU must open the image read-only (a CD-ROM always is). */
    public boolean effectivelyReadonly() {
        return readonly || device == Device.CDROM;
    }

    /** Returns the volume of a {@code volume} disk, or null. */
    public DiskSource.Volume volume() {
        return source.location() instanceof DiskSource.Volume v && v.pool() != null ? v : null;
    }

    /** Returns every layer the definition gives, the disk's own source first. */
    public List<StorageSource> layers() {
        List<StorageSource> out = new ArrayList<>();
        out.add(source);
        out.addAll(source.chain());
        return out;
    }

    /** Starts a copy to change. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns a copy of a {@code volume} disk with the volume's file (and format) filled in, as
     * the daemon does in the live definition when the domain starts.
     *
     * @param file the volume's file
     * @param volumeFormat the volume's format, used when the definition gives none
     * @return the copy
     */
    public DiskDef withResolvedVolume(String file, DiskFormat volumeFormat) {
        DiskSource.Volume v = volume();
        if (v == null) {
            throw new IllegalStateException("the disk '" + target.dev() + "' is not a volume disk");
        }
        StorageSource s = source.withLocation(new DiskSource.Volume(v.pool(), v.volume(), v.mode(), file));
        if (s.format() == null) {
            s = s.withFormat(volumeFormat);
        }
        return toBuilder().source(s).build();
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public DiskDef withAddress(Address newAddress) {
        return toBuilder().address(newAddress).build();
    }

    /**
     * A disk of one file or block device with the usual settings, for code that builds
     * definitions.
     *
     * @param device the device
     * @param location the source
     * @param format the format
     * @param target the target
     * @return a builder to add to
     */
    public static Builder of(Device device, DiskSource location, DiskFormat format, DiskTarget target) {
        return new Builder().device(device).source(StorageSource.of(location, format)).target(target);
    }

    /**
     * {@code <transient shareBacking>}: the guest's writes go to an overlay thrown away when it stops.
     *
     * @param shareBacking whether several guests share the backing image, or null
     */
    public record Transient(Boolean shareBacking) {
    }

    /** The {@code device} attribute. */
    public enum Device implements XmlEnum {
        /** A floppy drive. */
        FLOPPY("floppy"),
        /** A hard disk. */
        DISK("disk"),
        /** A CD-ROM drive. */
        CDROM("cdrom"),
        /** A SCSI LUN passed through (SG_IO). */
        LUN("lun");

        private final String xml;

        Device(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code model} attribute: which virtio-blk device. */
    public enum Model implements XmlEnum {
        /** virtio-blk-pci. */
        VIRTIO("virtio"),
        /** virtio-blk-pci-transitional. */
        VIRTIO_TRANSITIONAL("virtio-transitional"),
        /** virtio-blk-pci-non-transitional. */
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

    /** The {@code sgio} attribute of a LUN. */
    public enum Sgio implements XmlEnum {
        /** SG_IO commands are filtered by the kernel. */
        FILTERED("filtered"),
        /** Not filtered (no longer supported). */
        UNFILTERED("unfiltered");

        private final String xml;

        Sgio(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code snapshot} attribute. */
    public enum SnapshotMode implements XmlEnum {
        /** Not part of snapshots. */
        NO("no"),
        /** Snapshot inside the image. */
        INTERNAL("internal"),
        /** Snapshot to a new overlay. */
        EXTERNAL("external"),
        /** Left to the user. */
        MANUAL("manual");

        private final String xml;

        SnapshotMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code startupPolicy} attribute of {@code <source>}. */
    public enum StartupPolicy implements XmlEnum {
        /** A missing source fails the start. */
        MANDATORY("mandatory"),
        /** A missing source fails a migration or restore, and is dropped at boot. */
        REQUISITE("requisite"),
        /** A missing source is dropped. */
        OPTIONAL("optional");

        private final String xml;

        StartupPolicy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Builds a {@link DiskDef}; unset parts are libvirt's defaults. */
    public static final class Builder {
        private Device device = Device.DISK;
        private Model model;
        private Boolean rawio;
        private Sgio sgio;
        private SnapshotMode snapshot;
        private DiskDriver driver;
        private StorageSource source;
        private StartupPolicy startupPolicy;
        private boolean authOnDisk;
        private boolean encryptionOnDisk;
        private DiskGeometry geometry;
        private DiskBlockIo blockio;
        private DiskTarget target;
        private IoTune iotune;
        private boolean readonly;
        private boolean shareable;
        private Transient transientDisk;
        private String serial;
        private String wwn;
        private String vendor;
        private String product;
        private Integer bootOrder;
        private String loadparm;
        private String alias;
        private Address address;

        /** Starts an empty builder. */
        public Builder() {
        }

        private Builder(DiskDef d) {
            device = d.device;
            model = d.model;
            rawio = d.rawio;
            sgio = d.sgio;
            snapshot = d.snapshot;
            driver = d.driver;
            source = d.source;
            startupPolicy = d.startupPolicy;
            authOnDisk = d.authOnDisk;
            encryptionOnDisk = d.encryptionOnDisk;
            geometry = d.geometry;
            blockio = d.blockio;
            target = d.target;
            iotune = d.iotune;
            readonly = d.readonly;
            shareable = d.shareable;
            transientDisk = d.transientDisk;
            serial = d.serial;
            wwn = d.wwn;
            vendor = d.vendor;
            product = d.product;
            bootOrder = d.bootOrder;
            loadparm = d.loadparm;
            alias = d.alias;
            address = d.address;
        }

        /** Sets the device. */
        public Builder device(Device value) {
            device = value;
            return this;
        }

        /** Sets the virtio model. */
        public Builder model(Model value) {
            model = value;
            return this;
        }

        /** Sets rawio. */
        public Builder rawio(Boolean value) {
            rawio = value;
            return this;
        }

        /** Sets sgio. */
        public Builder sgio(Sgio value) {
            sgio = value;
            return this;
        }

        /** Sets the snapshot mode. */
        public Builder snapshot(SnapshotMode value) {
            snapshot = value;
            return this;
        }

        /** Sets the driver. */
        public Builder driver(DiskDriver value) {
            driver = value;
            return this;
        }

        /** Sets the storage source. */
        public Builder source(StorageSource value) {
            source = value;
            return this;
        }

        /** Sets the startup policy. */
        public Builder startupPolicy(StartupPolicy value) {
            startupPolicy = value;
            return this;
        }

        /** Sets where {@code <auth>} and {@code <encryption>} are written. */
        public Builder secretsOnDisk(boolean auth, boolean encryption) {
            authOnDisk = auth;
            encryptionOnDisk = encryption;
            return this;
        }

        /** Sets the geometry. */
        public Builder geometry(DiskGeometry value) {
            geometry = value;
            return this;
        }

        /** Sets the block sizes. */
        public Builder blockio(DiskBlockIo value) {
            blockio = value;
            return this;
        }

        /** Sets the target. */
        public Builder target(DiskTarget value) {
            target = value;
            return this;
        }

        /** Sets the I/O limits. */
        public Builder iotune(IoTune value) {
            iotune = value;
            return this;
        }

        /** Sets read-only. */
        public Builder readonly(boolean value) {
            readonly = value;
            return this;
        }

        /** Sets shareable. */
        public Builder shareable(boolean value) {
            shareable = value;
            return this;
        }

        /** Sets transient. */
        public Builder transientDisk(Transient value) {
            transientDisk = value;
            return this;
        }

        /** Sets the serial. */
        public Builder serial(String value) {
            serial = value;
            return this;
        }

        /** Sets the WWN. */
        public Builder wwn(String value) {
            wwn = value;
            return this;
        }

        /** Sets the SCSI vendor. */
        public Builder vendor(String value) {
            vendor = value;
            return this;
        }

        /** Sets the SCSI product. */
        public Builder product(String value) {
            product = value;
            return this;
        }

        /** Sets the boot order. */
        public Builder bootOrder(Integer value) {
            bootOrder = value;
            return this;
        }

        /** Sets the boot loadparm. */
        public Builder loadparm(String value) {
            loadparm = value;
            return this;
        }

        /** Sets the user alias. */
        public Builder alias(String value) {
            alias = value;
            return this;
        }

        /** Sets the address. */
        public Builder address(Address value) {
            address = value;
            return this;
        }

        /** Builds and validates the disk. */
        public DiskDef build() {
            return new DiskDef(device, model, rawio, sgio, snapshot, driver, source, startupPolicy, authOnDisk,
                    encryptionOnDisk, geometry, blockio, target, iotune, readonly, shareable, transientDisk, serial,
                    wwn, vendor, product, bootOrder, loadparm, alias, address);
        }
    }
}
