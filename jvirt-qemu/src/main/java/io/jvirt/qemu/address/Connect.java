package io.jvirt.qemu.address;

import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.qemu.address.BusNeed.PciSlot;

/**
 * Connection flags as libvirt's PCI address set uses them: on a device, what kind of slot it
 * plugs into; on a bus, what kinds of device it takes. A device fits a bus when they share a
 * type bit, and automatic placement also needs the bus to allow auto-assignment.
 */
final class Connect {

    static final int HOTPLUGGABLE = 1;
    static final int AUTOASSIGN = 1 << 1;
    static final int PCI_DEVICE = 1 << 2;
    static final int PCIE_DEVICE = 1 << 3;
    static final int PCIE_ROOT_PORT = 1 << 4;
    static final int PCIE_SWITCH_UPSTREAM_PORT = 1 << 5;
    static final int PCIE_SWITCH_DOWNSTREAM_PORT = 1 << 6;
    static final int DMI_TO_PCI_BRIDGE = 1 << 7;
    static final int PCIE_EXPANDER_BUS = 1 << 8;
    static final int PCI_EXPANDER_BUS = 1 << 9;
    static final int PCI_BRIDGE = 1 << 10;
    static final int PCIE_TO_PCI_BRIDGE = 1 << 11;
    /** Several of these devices may share one slot, one per function (pcie-root-ports). */
    static final int AGGREGATE_SLOT = 1 << 12;
    /** The device must sit on bus 0 (an integrated device). */
    static final int INTEGRATED = 1 << 13;

    static final int TYPES_MASK = PCI_DEVICE | PCIE_DEVICE | PCIE_ROOT_PORT | PCIE_SWITCH_UPSTREAM_PORT
            | PCIE_SWITCH_DOWNSTREAM_PORT | DMI_TO_PCI_BRIDGE | PCIE_EXPANDER_BUS | PCI_EXPANDER_BUS | PCI_BRIDGE
            | PCIE_TO_PCI_BRIDGE;
    static final int TYPES_ENDPOINT = PCI_DEVICE | PCIE_DEVICE;

    private Connect() {
    }

    /**
     * Returns the flags of a device that needs a slot of the given kind.
     *
     * @param slot the slot kind
     * @param chipset the machine: PCIe devices are conventional ones on a PC
     * @return the flags
     */
    static int of(PciSlot slot, Chipset chipset) {
        int pci = PCI_DEVICE | AUTOASSIGN;
        int pcie = switch (chipset) {
            case I440FX -> pci;
            case Q35 -> PCIE_DEVICE | AUTOASSIGN;
        };
        return switch (slot) {
            case CONVENTIONAL -> pci;
            case EXPRESS, VIRTIO -> pcie;
            case INTEGRATED -> pcie | INTEGRATED;
            case ROOT_PORT -> PCIE_ROOT_PORT | AGGREGATE_SLOT;
            case SWITCH_UPSTREAM_PORT -> PCIE_SWITCH_UPSTREAM_PORT;
            case SWITCH_DOWNSTREAM_PORT -> PCIE_SWITCH_DOWNSTREAM_PORT;
            case DMI_TO_PCI_BRIDGE -> DMI_TO_PCI_BRIDGE;
            case PCIE_TO_PCI_BRIDGE -> PCIE_TO_PCI_BRIDGE;
            case PCI_BRIDGE -> PCI_BRIDGE;
            case PCI_EXPANDER_BUS -> PCI_EXPANDER_BUS;
            case PCIE_EXPANDER_BUS -> PCIE_EXPANDER_BUS;
        };
    }

    /** Returns the PCI controller model a bus must get to take a device of these flags, or null. */
    static Model modelFor(int flags) {
        if ((flags & PCIE_ROOT_PORT) != 0) {
            return Model.PCIE_ROOT_PORT;
        }
        if ((flags & PCIE_SWITCH_UPSTREAM_PORT) != 0) {
            return Model.PCIE_SWITCH_UPSTREAM_PORT;
        }
        if ((flags & PCIE_SWITCH_DOWNSTREAM_PORT) != 0) {
            return Model.PCIE_SWITCH_DOWNSTREAM_PORT;
        }
        if ((flags & DMI_TO_PCI_BRIDGE) != 0) {
            return Model.DMI_TO_PCI_BRIDGE;
        }
        if ((flags & PCI_EXPANDER_BUS) != 0) {
            return Model.PCI_EXPANDER_BUS;
        }
        if ((flags & PCIE_EXPANDER_BUS) != 0) {
            return Model.PCIE_EXPANDER_BUS;
        }
        if ((flags & PCI_BRIDGE) != 0) {
            return Model.PCI_BRIDGE;
        }
        return null;
    }

    /** Returns what a device of these flags is, as a phrase: "a standard PCI device". */
    static String describe(int flags) {
        if ((flags & PCI_DEVICE) != 0) {
            return "a standard PCI device";
        }
        if ((flags & PCIE_DEVICE) != 0) {
            return "a PCI Express device";
        }
        Model m = modelFor(flags);
        if ((flags & PCIE_TO_PCI_BRIDGE) != 0) {
            return "a pcie-to-pci-bridge";
        }
        return m == null ? "a PCI device" : "a " + m.xml();
    }
}
