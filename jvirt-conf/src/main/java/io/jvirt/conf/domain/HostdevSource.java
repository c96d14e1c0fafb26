package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a {@code <hostdev mode='subsystem'>} hands to the guest, chosen by its {@code type}:
 * one record per type, so that every switch over host devices is exhaustive.
 */
public sealed interface HostdevSource {

    /** Returns the {@code type} attribute value. */
    String type();

    /**
     * {@code type='pci'}: a host PCI device assigned with VFIO.
     *
     * @param host the device on the host
     * @param driver the {@code <driver name>} (only vfio works with QEMU), or null
     */
    record Pci(HostPciAddress host, Driver driver) implements HostdevSource {
        /** Validates the driver. */
        public Pci {
            Checks.required(host, "The PCI host device <source><address>");
            if (driver == Driver.KVM || driver == Driver.XEN) {
                throw new ConfException(Kind.UNSUPPORTED, "The PCI assignment driver '" + driver.xml() + "' is gone "
                        + "from QEMU (legacy KVM assignment) or is Xen's; use <driver name='vfio'/> or none.");
            }
        }

        @Override
        public String type() {
            return "pci";
        }
    }

    /**
     * {@code type='usb'}: a host USB device, by vendor and product, by bus and device number, or both
     * (the live definition has both once the device was found).
     *
     * @param vendor the vendor id, or null
     * @param product the product id, or null
     * @param bus the host bus number, or null
     * @param device the device number on that bus, or null
     * @param startupPolicy what to do when the device is absent at start, or null (mandatory)
     * @param guestReset which guest resets reach the device, or null
     */
    record Usb(Integer vendor, Integer product, Integer bus, Integer device, StartupPolicy startupPolicy,
               GuestReset guestReset) implements HostdevSource {
        /** Validates the combination. */
        public Usb {
            Checks.range(vendor, 0, 0xffff, "The USB vendor id");
            Checks.range(product, 0, 0xffff, "The USB product id");
            Checks.range(bus, 0, 0xffff, "The USB bus");
            Checks.range(device, 0, 0xffff, "The USB device");
            if ((vendor == null) != (product == null)) {
                throw new ConfException(Kind.MISSING_VALUE, "A USB host device names both <vendor> and <product>, "
                        + "or neither.");
            }
            if ((bus == null) != (device == null)) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A USB host device <address> needs both 'bus' and 'device'.");
            }
            if (vendor == null && bus == null) {
                throw new ConfException(Kind.MISSING_VALUE, "A USB host device needs <vendor> and <product>, or an "
                        + "<address bus device>, in its <source>.");
            }
        }

        @Override
        public String type() {
            return "usb";
        }

        /** Returns whether the device is named by bus and device number. */
        public boolean hasAddress() {
            return bus != null;
        }

        /**
         * Returns a copy with the bus and device number the host check found.
         *
         * @param foundBus the bus
         * @param foundDevice the device number
         * @return the copy
         */
        public Usb at(int foundBus, int foundDevice) {
            return new Usb(vendor, product, foundBus, foundDevice, startupPolicy, guestReset);
        }
    }

    /**
     * {@code type='scsi'}: a SCSI LUN of the host (scsi-generic), on a host adapter or an iSCSI target.
     *
     * @param target where the LUN is
     * @param sgio whether SG_IO commands are filtered ({@code sgio}), or null
     * @param rawio whether the guest may send raw I/O ({@code rawio}), or null
     */
    record Scsi(ScsiTarget target, Sgio sgio, Boolean rawio) implements HostdevSource {
        /** Validates the combination, as libvirt does. */
        public Scsi {
            Checks.required(target, "The SCSI host device <source>");
            if (sgio == Sgio.UNFILTERED) {
                throw new ConfException(Kind.UNSUPPORTED, "Unfiltered sgio is no longer supported; remove it.");
            }
        }

        @Override
        public String type() {
            return "scsi";
        }
    }

    /** Where a SCSI host device's LUN is. */
    sealed interface ScsiTarget {
    }

    /**
     * {@code <adapter name><address bus target unit>}: a LUN on a host SCSI adapter.
     *
     * @param adapter the adapter, such as {@code scsi_host0}
     * @param bus the bus (channel) on the adapter
     * @param target the target
     * @param unit the LUN
     */
    record ScsiAdapter(String adapter, int bus, int target, long unit) implements ScsiTarget {
        private static final Pattern NAME = Pattern.compile("scsi_host[0-9]+");

        /** Validates the adapter name. */
        public ScsiAdapter {
            Checks.required(adapter, "The SCSI adapter name");
            if (!NAME.matcher(adapter).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The SCSI adapter name '" + Checks.printable(adapter)
                        + "' is not valid; it names a host adapter such as scsi_host0.");
            }
        }

        /** Returns the kernel's name of the LUN in {@code /sys/bus/scsi/devices}: {@code 0:0:0:1}. */
        public String sysfsName() {
            return adapter.substring("scsi_host".length()) + ":" + bus + ":" + target + ":" + unit;
        }
    }

    /**
     * {@code protocol='iscsi'}: a LUN of an iSCSI target, reached by QEMU's iSCSI initiator.
     *
     * @param name the target IQN, with {@code /LUN} when not 0
     * @param host the portal host
     * @param port the portal port, or null (3260)
     * @param authUsername the CHAP user, or null
     * @param authSecretType the {@code <secret type>}, or null
     * @param authSecretUsage the {@code <secret usage>}, or null
     * @param authSecretUuid the {@code <secret uuid>}, or null
     * @param initiatorIqn the initiator name, or null
     */
    record Iscsi(String name, String host, Integer port, String authUsername, String authSecretType,
                 String authSecretUsage, UUID authSecretUuid, String initiatorIqn) implements ScsiTarget {
        /** Validates the values. */
        public Iscsi {
            Checks.required(name, "The iSCSI target name");
            Checks.required(host, "The iSCSI <host name>");
            Checks.noControl(name, "The iSCSI target name");
            Checks.noControl(host, "The iSCSI host");
            Checks.range(port, 1, 65535, "The iSCSI port");
            if (authUsername != null && authSecretUsage == null && authSecretUuid == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "An iSCSI <auth> needs a <secret> with a 'usage' or a 'uuid'.");
            }
        }

        /** Returns the target IQN without the LUN. */
        public String iqn() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(0, slash);
        }

        /** Returns the LUN: the number after the last '/', else 0. */
        public int lun() {
            int slash = name.lastIndexOf('/');
            if (slash < 0) {
                return 0;
            }
            try {
                return Integer.parseInt(name.substring(slash + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /**
     * {@code type='scsi_host'}: a vhost-scsi target of the host's LIO, by its WWPN.
     *
     * @param model the virtio flavour, or null
     * @param wwpn the target's world wide port name, {@code naa.} and 16 hex digits
     */
    record ScsiHost(VirtioModel model, String wwpn) implements HostdevSource {
        private static final Pattern WWPN = Pattern.compile("naa\\.[0-9a-fA-F]{16}");

        /** Validates the WWPN. */
        public ScsiHost {
            Checks.required(wwpn, "The vhost-scsi wwpn");
            if (!WWPN.matcher(wwpn).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The vhost-scsi wwpn '" + Checks.printable(wwpn)
                        + "' is not valid; it is 'naa.' and 16 hexadecimal digits.");
            }
        }

        @Override
        public String type() {
            return "scsi_host";
        }
    }

    /**
     * {@code type='mdev'}: a mediated device (a vGPU slice), by its UUID.
     *
     * @param uuid the mediated device under {@code /sys/bus/mdev/devices}
     * @param model how it is presented; only vfio-pci exists on x86
     * @param display whether its display is shown through the domain's graphics, or null
     * @param ramfb whether a ramfb boot display is added, or null
     */
    record Mdev(UUID uuid, MdevModel model, Boolean display, Boolean ramfb) implements HostdevSource {
        /** Validates the model, as libvirt's QEMU driver does. */
        public Mdev {
            Checks.required(uuid, "The mediated device <address uuid>");
            Checks.required(model, "The mediated device model");
            if (model != MdevModel.VFIO_PCI) {
                throw new ConfException(Kind.UNSUPPORTED, "The mediated device model '" + model.xml()
                        + "' exists only on s390 guests; use 'vfio-pci'.");
            }
        }

        @Override
        public String type() {
            return "mdev";
        }
    }

    /** The {@code <driver name>} of a PCI host device. */
    enum Driver implements XmlEnum {
        /** Legacy KVM assignment (gone). */
        KVM("kvm"),
        /** VFIO, QEMU's only way. */
        VFIO("vfio"),
        /** Xen (not QEMU). */
        XEN("xen");

        private final String xml;

        Driver(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code startupPolicy} of a USB host device. */
    enum StartupPolicy implements XmlEnum {
        /** Fail to start without it (the default). */
        MANDATORY("mandatory"),
        /** Fail to start without it, except when restoring or migrating. */
        REQUISITE("requisite"),
        /** Start without it when it is absent. */
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

    /** The {@code guestReset} of a USB host device. */
    enum GuestReset implements XmlEnum {
        /** No guest reset reaches the device. */
        OFF("off"),
        /** Only resets of a device not yet configured. */
        UNINITIALIZED("uninitialized"),
        /** Every reset. */
        ON("on");

        private final String xml;

        GuestReset(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code sgio} of a SCSI host device. */
    enum Sgio implements XmlEnum {
        /** Only safe commands. */
        FILTERED("filtered"),
        /** Every command (no longer supported). */
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

    /** The {@code model} of a mediated device. */
    enum MdevModel implements XmlEnum {
        /** A PCI device. */
        VFIO_PCI("vfio-pci"),
        /** s390 channel I/O. */
        VFIO_CCW("vfio-ccw"),
        /** s390 crypto adapters. */
        VFIO_AP("vfio-ap");

        private final String xml;

        MdevModel(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
