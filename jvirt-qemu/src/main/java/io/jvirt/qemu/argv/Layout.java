package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The hardware layout a definition implies for QEMU: machine family, the controllers
 * (explicit ones plus those a device needs but the XML leaves out, as libvirt would add),
 * and how addresses map to QEMU bus names.
 */
final class Layout {

    /** The machine families this driver knows. */
    enum Family {
        /** i440FX + PIIX3: built-in IDE, root bus pci.0. */
        PC,
        /** Q35 + ICH9: built-in AHCI, root bus pcie.0. */
        Q35
    }

    /** Machine type used when the definition names none, as libvirt does for x86_64. */
    static final String DEFAULT_MACHINE = "pc";

    final String machineType;
    final Family family;
    final List<ControllerDef> controllers;
    /** Root-bus slots taken by built-in devices, explicit addresses and earlier assignments. */
    private final java.util.BitSet usedRootSlots = new java.util.BitSet(32);

    private Layout(String machineType, Family family, List<ControllerDef> controllers, DomainDef def) {
        this.machineType = machineType;
        this.family = family;
        this.controllers = List.copyOf(controllers);
        usedRootSlots.set(0); // host bridge
        switch (family) {
            case PC -> usedRootSlots.set(1); // PIIX3: ISA bridge, IDE, USB, power management
            case Q35 -> usedRootSlots.set(0x1f); // ICH9: LPC, SATA, SMBus
        }
        for (Address a : explicitAddresses(def, controllers)) {
            if (a instanceof Address.Pci p && p.bus() == 0) {
                usedRootSlots.set(p.slot());
            }
        }
    }

    private static List<Address> explicitAddresses(DomainDef def, List<ControllerDef> controllers) {
        List<Address> out = new ArrayList<>();
        controllers.forEach(c -> out.add(c.address()));
        def.devices().disks().forEach(d -> out.add(d.address()));
        def.devices().filesystems().forEach(f -> out.add(f.address()));
        def.devices().interfaces().forEach(n -> out.add(n.address()));
        def.devices().inputs().forEach(i -> out.add(i.address()));
        def.devices().videos().forEach(v -> out.add(v.address()));
        def.devices().rngs().forEach(r -> out.add(r.address()));
        if (def.devices().memballoon() != null) {
            out.add(def.devices().memballoon().address());
        }
        out.removeIf(a -> a == null);
        return out;
    }

    static Layout of(DomainDef def) {
        String arch = def.os().arch();
        if (arch != null && !arch.equals("x86_64") && !arch.equals("i686")) {
            throw new ArgvException(Kind.UNSUPPORTED,
                    "The architecture '" + arch + "' is not supported; this driver runs x86_64 guests.");
        }
        String machine = def.os().machine() == null ? DEFAULT_MACHINE : def.os().machine();
        Family family;
        if (machine.equals("q35") || machine.startsWith("pc-q35-")) {
            family = Family.Q35;
        } else if (machine.equals("pc") || machine.startsWith("pc-i440fx-")) {
            family = Family.PC;
        } else {
            throw new ArgvException(Kind.UNSUPPORTED, "The machine type '" + machine
                    + "' is not supported; use q35, pc, or a versioned pc-q35-* or pc-i440fx-* type.");
        }
        List<ControllerDef> all = new ArrayList<>(def.devices().controllers());
        for (DiskDef d : def.devices().disks()) {
            switch (d.target().bus()) {
                case VIRTIO -> {
                    // virtio-blk sits on PCI directly
                }
                case SATA -> {
                    int c = drive(d).controller();
                    if (!(family == Family.Q35 && c == 0)) {
                        ensure(all, ControllerDef.Type.SATA, c);
                    }
                }
                case SCSI -> ensure(all, ControllerDef.Type.SCSI, drive(d).controller());
                case USB -> ensure(all, ControllerDef.Type.USB,
                        d.address() instanceof Address.Usb u ? u.bus() : 0);
                case FDC -> {
                    // pc's PIIX has the floppy controller built in; q35 gets an isa-fdc from DiskArgs
                }
                case IDE -> {
                    if (family == Family.Q35) {
                        throw new ArgvException(Kind.CONFLICT, "The disk '" + d.target().dev()
                                + "' uses the ide bus, which a q35 machine does not have; use sata.");
                    }
                    if (drive(d).controller() != 0) {
                        throw new ArgvException(Kind.UNSUPPORTED, "The disk '" + d.target().dev()
                                + "' is on IDE controller " + drive(d).controller()
                                + ", but only controller 0 exists.");
                    }
                }
            }
        }
        boolean needsVirtioSerial = !def.devices().channels().isEmpty()
                || def.devices().consoles().stream().anyMatch(c -> c.isVirtio());
        if (needsVirtioSerial) {
            ensure(all, ControllerDef.Type.VIRTIO_SERIAL, 0);
        }
        boolean needsUsb = def.devices().inputs().stream().anyMatch(i -> i.bus() == InputDef.Bus.USB);
        if (needsUsb) {
            ensure(all, ControllerDef.Type.USB, 0);
        }
        return new Layout(machine, family, all, def);
    }

    private static void ensure(List<ControllerDef> all, ControllerDef.Type type, int index) {
        if (index > 255) {
            throw new ArgvException(Kind.CONFLICT, "A device needs " + type.xml() + " controller " + index
                    + ", but controller indexes go up to 255.");
        }
        if (find(all, type, index) == null) {
            all.add(new ControllerDef(type, index, null, null, null, null, null, null, null));
        }
    }

    private static ControllerDef find(List<ControllerDef> all, ControllerDef.Type type, int index) {
        for (ControllerDef c : all) {
            if (c.type() == type && c.index() == index) {
                return c;
            }
        }
        return null;
    }

    ControllerDef controller(ControllerDef.Type type, int index) {
        return find(controllers, type, index);
    }

    /** Returns the root PCI bus id. */
    String rootBus() {
        return switch (family) {
            case PC -> "pci.0";
            case Q35 -> "pcie.0";
        };
    }

    /**
     * Adds {@code bus} and {@code addr} for a PCI device. A device without an address gets the
     * next free slot on the root bus, so it can never take a slot that a later device names
     * explicitly (QEMU would otherwise assign slots itself, in command-line order).
     *
     * @param o the device options
     * @param a the address, or null
     * @param what the device, for error messages
     * @return the options
     */
    Opts pci(Opts o, Address a, String what) {
        if (a == null) {
            int slot = usedRootSlots.nextClearBit(1);
            if (slot > 0x1f) {
                throw new ArgvException(Kind.CONFLICT, "There is no free slot on the root PCI bus for the " + what
                        + "; add pcie-root-port or pci-bridge controllers and give devices addresses on them.");
            }
            usedRootSlots.set(slot);
            return o.add("bus", rootBus()).add("addr", String.format("0x%x", slot));
        }
        if (!(a instanceof Address.Pci p)) {
            throw new ArgvException(Kind.CONFLICT, "The " + what + " needs a pci address.");
        }
        if (p.domain() != 0) {
            throw new ArgvException(Kind.UNSUPPORTED,
                    "The " + what + " is in PCI domain " + p.domain() + ", but only domain 0 exists.");
        }
        String bus;
        if (p.bus() == 0) {
            if (p.slot() == 0) {
                throw new ArgvException(Kind.CONFLICT,
                        "The " + what + " is in slot 0 of the root PCI bus, which the host bridge occupies.");
            }
            bus = rootBus();
        } else {
            ControllerDef c = controller(ControllerDef.Type.PCI, p.bus());
            ControllerDef.Model model = c == null ? null : pciModel(c);
            if (model != ControllerDef.Model.PCIE_ROOT_PORT && model != ControllerDef.Model.PCI_BRIDGE) {
                throw new ArgvException(Kind.CONFLICT, "The " + what + " is on PCI bus " + p.bus()
                        + ", but there is no pcie-root-port or pci-bridge controller with index " + p.bus() + ".");
            }
            if (model == ControllerDef.Model.PCIE_ROOT_PORT && p.slot() != 0) {
                throw new ArgvException(Kind.CONFLICT, "The " + what + " is in slot " + p.slot()
                        + " behind a pcie-root-port, which has only slot 0.");
            }
            bus = "pci." + p.bus();
        }
        String addr = p.function() == 0 ? String.format("0x%x", p.slot())
                : String.format("0x%x.0x%x", p.slot(), p.function());
        return o.add("bus", bus).add("addr", addr).onOff("multifunction", p.multifunction());
    }

    /**
     * Returns the effective model of a PCI controller: the root for index 0, otherwise a
     * pcie-root-port on q35 and a pci-bridge on pc when the XML names none.
     */
    ControllerDef.Model pciModel(ControllerDef c) {
        if (c.model() != null) {
            return c.model();
        }
        if (c.index() == 0) {
            return switch (family) {
                case PC -> ControllerDef.Model.PCI_ROOT;
                case Q35 -> ControllerDef.Model.PCIE_ROOT;
            };
        }
        return switch (family) {
            case PC -> ControllerDef.Model.PCI_BRIDGE;
            case Q35 -> ControllerDef.Model.PCIE_ROOT_PORT;
        };
    }

    /** Returns the drive address of a disk, from its XML or derived from its target name like libvirt. */
    static Address.Drive drive(DiskDef d) {
        if (d.address() instanceof Address.Drive a) {
            return a;
        }
        int idx = d.target().index();
        return switch (d.target().bus()) {
            case SATA -> new Address.Drive(idx / 6, 0, 0, idx % 6);
            case IDE -> new Address.Drive(0, idx / 2, 0, idx % 2);
            case SCSI -> new Address.Drive(idx / 7, 0, 0, idx % 7);
            case FDC -> new Address.Drive(idx / 2, 0, 0, idx % 2);
            case VIRTIO, USB -> throw new IllegalStateException(d.target().bus().xml() + " disks have no drive address");
        };
    }

    static String usbId(int index) {
        return index == 0 ? "usb" : "usb" + index;
    }

    /** Returns the bus of a USB device on the given controller. */
    String usbBus(int index, String what) {
        ControllerDef c = controller(ControllerDef.Type.USB, index);
        if (c == null || c.model() == ControllerDef.Model.USB_NONE) {
            throw new ArgvException(Kind.CONFLICT,
                    "The " + what + " needs a USB controller with index " + index + ", and there is none.");
        }
        return usbId(index) + ".0";
    }
}
