package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <hostdev mode='subsystem'>} device: a host device handed to the guest.
 *
 * @param source what is handed over (pci, usb, scsi, scsi_host or mdev)
 * @param managed whether jvirt detaches a PCI device from its host driver (binding it to vfio-pci)
 *     at start and gives it back at stop; libvirt writes it for every type
 * @param teaming the failover partner of an assigned VF, or null
 * @param readonly whether a SCSI device is read-only
 * @param shareable whether a SCSI device may be shared with other guests
 * @param bootOrder the per-device boot order, from 1, or null
 * @param rom the option ROM of a PCI device, or null
 * @param acpiIndex the ACPI index the guest names the device by, or null
 * @param alias the user alias ({@code ua-...}) QEMU knows the device by, or null for {@code hostdevN}
 * @param address where the device sits in the guest: PCI, USB or drive by type; or null
 */
public record HostdevDef(HostdevSource source, boolean managed, TeamingDef teaming, boolean readonly,
                         boolean shareable, Integer bootOrder, RomDef rom, Integer acpiIndex, String alias,
                         Address address)
        implements DeviceDef {

    /** Validates the settings against the type, as libvirt does (virDomainHostdevDefValidate and its QEMU checks). */
    public HostdevDef {
        Checks.required(source, "The host device source");
        Checks.range(bootOrder, 1, 65535, "The host device boot order");
        Checks.range(acpiIndex, 1, 16383, "The host device ACPI index");
        String what = "A " + source.type() + " host device";
        switch (source) {
            case HostdevSource.Pci p -> {
                if (!(address instanceof Address.Unassigned)) {
                    requireAddress(address, Address.Pci.class, what, "pci or unassigned");
                }
            }
            case HostdevSource.Mdev m -> {
                requireAddress(address, Address.Pci.class, what, "pci");
                if (bootOrder != null) {
                    throw new ConfException(Kind.UNSUPPORTED,
                            "Booting from a mediated device is not supported; remove its <boot order>.");
                }
            }
            case HostdevSource.ScsiHost h -> {
                requireAddress(address, Address.Pci.class, what, "pci");
                if (bootOrder != null) {
                    throw new ConfException(Kind.UNSUPPORTED,
                            "Booting from a vhost-scsi device is not supported; remove its <boot order>.");
                }
            }
            case HostdevSource.Usb u -> requireAddress(address, Address.Usb.class, what, "usb");
            case HostdevSource.Scsi s -> requireAddress(address, Address.Drive.class, what, "drive");
        }
        if ((readonly || shareable) && !(source instanceof HostdevSource.Scsi)) {
            throw new ConfException(Kind.CONFLICT, "Only a SCSI host device can be <readonly/> or <shareable/>.");
        }
        if (rom != null && !(source instanceof HostdevSource.Pci) && !(source instanceof HostdevSource.Mdev)) {
            throw new ConfException(Kind.CONFLICT, "Only a PCI host device has an option <rom>.");
        }
        if (teaming != null) {
            if (teaming.type() != TeamingDef.Type.TRANSIENT) {
                throw new ConfException(Kind.CONFLICT, "A host device in a team must have <teaming type='transient'>.");
            }
            if (!(source instanceof HostdevSource.Pci)) {
                throw new ConfException(Kind.CONFLICT, "Only a PCI host device can be in a team.");
            }
        }
    }

    private static void requireAddress(Address a, Class<? extends Address> type, String what, String name) {
        if (a != null && !type.isInstance(a)) {
            throw new ConfException(Kind.INVALID_VALUE, what + " accepts only a " + name + " address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public HostdevDef withAddress(Address newAddress) {
        return new HostdevDef(source, managed, teaming, readonly, shareable, bootOrder, rom, acpiIndex, alias,
                newAddress);
    }

    /**
     * Returns a copy with another source, as the host check makes when it finds a USB device.
     *
     * @param newSource the source
     * @return the copy
     */
    public HostdevDef withSource(HostdevSource newSource) {
        return new HostdevDef(newSource, managed, teaming, readonly, shareable, bootOrder, rom, acpiIndex, alias,
                address);
    }

    /** Returns a phrase naming the device for messages, such as {@code PCI host device 0000:06:12.5}. */
    public String describe() {
        return switch (source) {
            case HostdevSource.Pci p -> "PCI host device " + p.host().sysfsName();
            case HostdevSource.Usb u -> u.hasAddress() ? "USB host device " + u.bus() + ":" + u.device()
                    : String.format("USB host device %04x:%04x", u.vendor(), u.product());
            case HostdevSource.Scsi s -> switch (s.target()) {
                case HostdevSource.ScsiAdapter a -> "SCSI host device " + a.adapter() + " " + a.bus() + ":" + a.target()
                        + ":" + a.unit();
                case HostdevSource.Iscsi i -> "iSCSI host device " + i.name();
            };
            case HostdevSource.ScsiHost h -> "vhost-scsi device " + h.wwpn();
            case HostdevSource.Mdev m -> "mediated device " + m.uuid();
        };
    }
}
