package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import io.jvirt.qemu.address.Chipset;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * The hardware layout of a definition as QEMU names it: the machine, its chipset, the
 * controllers, and QEMU's bus names for the addresses. It only reads: every controller and
 * address comes from the definition, which {@link AddressAssigner} completed when it was
 * defined; a definition that lacks an address or whose addresses conflict is refused.
 */
final class Layout {

    final String machineType;
    final Chipset chipset;
    final List<ControllerDef> controllers;

    private Layout(String machineType, Chipset chipset, List<ControllerDef> controllers) {
        this.machineType = machineType;
        this.chipset = chipset;
        this.controllers = controllers;
    }

    static Layout of(DomainDef def) {
        Chipset chipset;
        try {
            chipset = Chipset.of(def);
        } catch (AddressException e) {
            throw new ArgvException(Kind.UNSUPPORTED, e.getMessage());
        }
        List<String> problems = AddressAssigner.check(def);
        if (!problems.isEmpty()) {
            throw new ArgvException(Kind.CONFLICT, String.join(" ", problems));
        }
        return new Layout(Chipset.machine(def), chipset, def.devices().controllers());
    }

    /** Returns the controller of a type and index (the master of a USB2 group), or null. */
    ControllerDef controller(ControllerDef.Type type, int index) {
        for (ControllerDef c : controllers) {
            if (c.type() == type && c.index() == index && !c.isUsbCompanion()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Returns QEMU's id of a controller, which also names its buses: the user alias when it has
     * one, as libvirt gives it; else libvirt's name for its type and index. The built-in roots
     * keep QEMU's fixed names ({@code pci.0}, {@code pcie.0}) whatever their alias, as libvirt
     * keeps them, since they get no {@code -device} to carry an id.
     *
     * @param type the controller type
     * @param index its index (a USB2 group's index names its EHCI master)
     * @return the id
     */
    String controllerId(ControllerDef.Type type, int index) {
        ControllerDef c = controller(type, index);
        if (c != null && c.alias() != null && c.model() != ControllerDef.Model.PCI_ROOT
                && c.model() != ControllerDef.Model.PCIE_ROOT) {
            return c.alias();
        }
        return switch (type) {
            case PCI -> index == 0 ? rootBus() : "pci." + index;
            case USB -> usbId(index);
            case SCSI -> "scsi" + index;
            case SATA -> "sata" + index;
            case IDE -> "ide"; // the only IDE controller QEMU's PC machines have is the built-in one
            case VIRTIO_SERIAL -> "virtio-serial" + index;
            case CCID -> "ccid" + index;
            case FDC -> "fdc" + index;
        };
    }

    /** Returns the root PCI bus id. */
    String rootBus() {
        return chipset.rootBus();
    }

    /**
     * Adds {@code bus} and {@code addr} (and {@code multifunction}) for a PCI device.
     *
     * @param o the device options
     * @param a the device's address, a PCI address by the time the argv is built
     * @return the options
     */
    Opts pci(Opts o, Address a) {
        if (!(a instanceof Address.Pci p) || p.isEmpty()) {
            throw new IllegalStateException("a PCI device without a PCI address passed the address check: " + a);
        }
        String bus = controllerId(ControllerDef.Type.PCI, p.bus());
        String addr = p.function() == 0 ? String.format("0x%x", p.slot())
                : String.format("0x%x.0x%x", p.slot(), p.function());
        return o.add("bus", bus).add("addr", addr).onOff("multifunction", p.multifunction());
    }

    /** Returns the drive address of a disk on a controller. */
    static Address.Drive drive(DiskDef d) {
        if (d.address() instanceof Address.Drive a) {
            return a;
        }
        throw new IllegalStateException("the disk '" + d.target().dev() + "' has no drive address");
    }

    /** Returns QEMU's id of a USB controller. */
    static String usbId(int index) {
        return index == 0 ? "usb" : "usb" + index;
    }

    /**
     * Adds {@code bus} and {@code port} for a USB device.
     *
     * @param o the device options
     * @param a the device's address, a USB address by the time the argv is built
     * @return the options
     */
    Opts usb(Opts o, Address a) {
        if (!(a instanceof Address.Usb u) || u.port() == null) {
            throw new IllegalStateException("a USB device without a USB port passed the address check: " + a);
        }
        return o.add("bus", controllerId(ControllerDef.Type.USB, u.bus()) + ".0").add("port", u.port());
    }
}
