package io.jvirt.qemu.address;

import io.jvirt.conf.domain.ControllerDef;

/**
 * What one device needs from the guest's buses; {@link DeviceBuses} gives it for every kind
 * of device. The assigner reads only this, so a new kind of device is placed correctly once
 * its need is declared.
 */
public sealed interface BusNeed {

    /** No guest address: the device is built in, ISA (its address is kept as given), or not a device on a bus. */
    record None() implements BusNeed {
    }

    /**
     * A PCI function.
     *
     * @param phase when the device gets its slot, relative to other kinds (libvirt's order)
     * @param slot the kind of slot it plugs into
     * @param q35RootSlot a slot of the q35 root bus the device takes when that slot is still
     *     free, as the integrated devices of the real chipset sit (the ICH9 audio at 0x1b), or null
     */
    record Pci(PciPhase phase, PciSlot slot, Integer q35RootSlot) implements BusNeed {
        /**
         * A PCI function without a preferred root slot.
         *
         * @param phase the phase
         * @param slot the slot kind
         */
        public Pci(PciPhase phase, PciSlot slot) {
            this(phase, slot, null);
        }
    }

    /**
     * A port on a USB controller or hub.
     *
     * @param phase when the device gets its port, relative to other kinds (libvirt's order)
     */
    record Usb(UsbPhase phase) implements BusNeed {
    }

    /**
     * A port on a virtio-serial controller.
     *
     * @param console whether it is a virtio console: consoles are placed before channels, may
     *     take port 0, and do not show the port they get (as in libvirt)
     */
    record VirtioSerial(boolean console) implements BusNeed {
    }

    /** The slot of a CCID controller (a USB smartcard reader): QEMU has one, controller 0 slot 0. */
    record Ccid() implements BusNeed {
    }

    /**
     * A unit on a disk controller, derived from the device's target name.
     *
     * @param controller the controller type (scsi, sata, ide or fdc)
     * @param nameIndex the index the target name encodes ({@code sdb} is 1)
     */
    record Drive(ControllerDef.Type controller, int nameIndex) implements BusNeed {
    }

    /** Libvirt's order of PCI placement: all devices of one phase get their slots before the next phase. */
    enum PciPhase {
        /** PCI controllers (bridges, ports, expanders). */
        PCI_CONTROLLER,
        /** Filesystems (virtio-9p, virtiofs). */
        FILESYSTEM,
        /** Network interfaces. */
        NET,
        /** Sound cards. */
        SOUND,
        /** Other controllers: USB, SCSI, SATA, virtio-serial. */
        CONTROLLER,
        /** virtio disks. */
        DISK,
        /** Host devices. */
        HOSTDEV,
        /** The memory balloon. */
        MEMBALLOON,
        /** Entropy sources. */
        RNG,
        /** Watchdogs. */
        WATCHDOG,
        /** Video adapters. */
        VIDEO,
        /** Shared memory devices. */
        SHMEM,
        /** virtio input devices. */
        INPUT,
        /** PCI serial ports. */
        SERIAL,
        /** A virtio IOMMU. */
        IOMMU,
        /** vsock. */
        VSOCK,
        /** virtio memory devices. */
        MEMORY,
        /** PCI panic notifiers (pvpanic-pci). */
        PANIC
    }

    /** The kind of PCI slot a device plugs into, as libvirt's connect flags say. */
    enum PciSlot {
        /** A conventional PCI device (an e1000, a VGA, lsilogic, a UHCI): needs a PCI bus, on q35 behind a bridge. */
        CONVENTIONAL,
        /** A PCI Express device (e1000e, XHCI, bochs): behind a pcie-root-port on q35, a plain slot on pc. */
        EXPRESS,
        /** A virtio device: PCI Express on q35 (QEMU 7.2 has non-transitional virtio), conventional on pc. */
        VIRTIO,
        /** A virtio device integrated into the root bus (virtio IOMMU): bus 0 only. */
        INTEGRATED,
        /** A pcie-root-port: a function on pcie-root or a pcie-expander-bus (they share slots, up to 8). */
        ROOT_PORT,
        /** A pcie-switch-upstream-port: behind a root port or downstream port. */
        SWITCH_UPSTREAM_PORT,
        /** A pcie-switch-downstream-port: on an upstream port. */
        SWITCH_DOWNSTREAM_PORT,
        /** A dmi-to-pci-bridge: on pcie-root or a pcie-expander-bus. */
        DMI_TO_PCI_BRIDGE,
        /** A pcie-to-pci-bridge: behind a root port or downstream port. */
        PCIE_TO_PCI_BRIDGE,
        /** A pci-bridge: on any conventional PCI bus. */
        PCI_BRIDGE,
        /** A pci-expander-bus: on pci-root. */
        PCI_EXPANDER_BUS,
        /** A pcie-expander-bus: on pcie-root. */
        PCIE_EXPANDER_BUS
    }

    /** Libvirt's order of USB port assignment (hubs first, so that their ports exist). */
    enum UsbPhase {
        /** USB hubs. */
        HUB,
        /** USB host devices. */
        HOSTDEV,
        /** USB disks. */
        DISK,
        /** CCID controllers (smartcard readers). */
        CCID,
        /** USB keyboards, mice and tablets. */
        INPUT,
        /** USB serial ports. */
        SERIAL,
        /** USB audio. */
        SOUND,
        /** USB redirection. */
        REDIRDEV
    }
}
