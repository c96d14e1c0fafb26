package io.jvirt.qemu.address;

import io.jvirt.conf.domain.ControllerDef.Model;

/**
 * One PCI bus of the address set: what the controller behind it accepts, its usable slots,
 * and the functions reserved in each slot.
 */
final class PciBus {

    static final int LAST_SLOT = 31;
    static final int LAST_BUS = 255;

    Model model;
    int flags;
    int minSlot;
    int maxSlot;
    /** Reserved functions per slot, one bit each. */
    final int[] functions = new int[LAST_SLOT + 1];
    /** Slots whose devices may share them (pcie-root-ports, one per function). */
    final boolean[] aggregate = new boolean[LAST_SLOT + 1];

    /**
     * Sets the controller model of this bus and with it what plugs into it
     * (libvirt's virDomainPCIAddressBusSetModel).
     *
     * @param busModel the model
     * @param hotplug whether the controller allows hotplug (its {@code <target hotplug>} is not off)
     */
    void setModel(Model busModel, boolean hotplug) {
        int hot = hotplug ? Connect.HOTPLUGGABLE : 0;
        switch (busModel) {
            case PCI_ROOT -> set(Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE
                    | Connect.PCI_EXPANDER_BUS | hot, 1, LAST_SLOT);
            case PCI_BRIDGE -> set(Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE | hot, 1, LAST_SLOT);
            case PCI_EXPANDER_BUS -> set(Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE | hot, 0,
                    LAST_SLOT);
            // no auto-assignment on pcie-root: endpoints go behind root ports unless the user says otherwise
            case PCIE_ROOT -> set(Connect.PCIE_DEVICE | Connect.PCIE_ROOT_PORT | Connect.DMI_TO_PCI_BRIDGE
                    | Connect.PCIE_EXPANDER_BUS, 1, LAST_SLOT);
            case DMI_TO_PCI_BRIDGE -> set(Connect.PCI_DEVICE | Connect.PCI_BRIDGE, 0, LAST_SLOT);
            case PCIE_TO_PCI_BRIDGE -> set(Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE | hot, 1,
                    LAST_SLOT);
            case PCIE_ROOT_PORT, PCIE_SWITCH_DOWNSTREAM_PORT -> set(Connect.AUTOASSIGN | Connect.PCIE_DEVICE
                    | Connect.PCIE_SWITCH_UPSTREAM_PORT | Connect.PCIE_TO_PCI_BRIDGE | hot, 0, 0);
            case PCIE_SWITCH_UPSTREAM_PORT -> set(Connect.PCIE_SWITCH_DOWNSTREAM_PORT, 0, LAST_SLOT);
            case PCIE_EXPANDER_BUS -> set(Connect.PCIE_ROOT_PORT | Connect.DMI_TO_PCI_BRIDGE, 0, LAST_SLOT);
            case PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1, ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI,
                 PCI_OHCI, NEC_XHCI, QEMU_XHCI, USB_NONE, SCSI_AUTO, BUSLOGIC, LSILOGIC, LSISAS1068, VMPVSCSI,
                 IBMVSCSI, VIRTIO_SCSI, LSISAS1078, SCSI_VIRTIO_TRANSITIONAL, SCSI_VIRTIO_NON_TRANSITIONAL,
                 NCR53C90, DC390, AM53C974, IDE_PIIX3, IDE_PIIX4, IDE_ICH6, VIRTIO_SERIAL,
                 SERIAL_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    throw new IllegalArgumentException(busModel + " is not a PCI controller model");
        }
        model = busModel;
    }

    private void set(int busFlags, int min, int max) {
        flags = busFlags;
        minSlot = min;
        maxSlot = max;
    }

    boolean isEmpty() {
        for (int s = minSlot; s <= maxSlot; s++) {
            if (functions[s] != 0) {
                return false;
            }
        }
        return true;
    }

    boolean isFullyReserved() {
        for (int s = minSlot; s <= maxSlot; s++) {
            if (functions[s] == 0) {
                return false;
            }
        }
        return true;
    }
}
