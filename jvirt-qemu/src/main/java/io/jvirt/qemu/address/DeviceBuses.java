package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.ConsoleDef;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.HostdevDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.HubDef;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.IommuDef;
import io.jvirt.conf.domain.LeaseDef;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.conf.domain.MemoryDeviceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.PanicDef;
import io.jvirt.conf.domain.ParallelDef;
import io.jvirt.conf.domain.RedirFilterDef;
import io.jvirt.conf.domain.RedirdevDef;
import io.jvirt.conf.domain.RngDef;
import io.jvirt.conf.domain.SerialDef;
import io.jvirt.conf.domain.ShmemDef;
import io.jvirt.conf.domain.SmartcardDef;
import io.jvirt.conf.domain.SoundDef;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.conf.domain.VideoDef;
import io.jvirt.conf.domain.VirtioModel;
import io.jvirt.conf.domain.VsockDef;
import io.jvirt.conf.domain.WatchdogDef;
import io.jvirt.qemu.address.BusNeed.PciPhase;
import io.jvirt.qemu.address.BusNeed.PciSlot;
import io.jvirt.qemu.address.BusNeed.UsbPhase;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The table of what each kind of device needs from the buses: the one place a new kind of
 * device declares itself to address assignment. The switch is exhaustive over the sealed
 * {@link DeviceDef}, so a new kind does not compile until it has a row here.
 *
 * <p>A row names the device for messages, gives its {@link BusNeed} (taken from libvirt's
 * {@code qemuDomainDeviceCalculatePCIConnectFlags} and the order of
 * {@code qemuDomainAssignDevicePCISlots} for PCI devices), and tells how to put an address
 * into the record (null for a kind that never has one).
 */
public final class DeviceBuses {

    private DeviceBuses() {
    }

    /**
     * One row of the table.
     *
     * @param name the device as a phrase for messages, such as {@code "disk 'vda'"} (made when asked for)
     * @param need what the device needs
     * @param withAddress returns the device at another address, or null when it has none
     */
    public record Row(Supplier<String> name, BusNeed need, Function<Address, DeviceDef> withAddress) {
        /** Returns the device as a phrase for messages. */
        public String what() {
            return name.get();
        }
    }

    /**
     * Returns the row of a device.
     *
     * @param device the device
     * @return its row
     */
    public static Row of(DeviceDef device) {
        return switch (device) {
            case DiskDef d -> new Row(() -> "disk '" + d.target().dev() + "'", disk(d), d::withAddress);
            case ControllerDef c -> new Row(() -> c.describe(), controller(c), c::withAddress);
            case FilesystemDef f -> new Row(() -> "filesystem '" + f.targetDir() + "'", new BusNeed.Pci(
                    PciPhase.FILESYSTEM, f.model() == FilesystemDef.Model.VIRTIO_TRANSITIONAL ? PciSlot.CONVENTIONAL
                    : PciSlot.VIRTIO), f::withAddress);
            case InterfaceDef n -> new Row(() -> "interface " + n.mac(), iface(n), n::withAddress);
            case SmartcardDef s -> new Row(() -> "smartcard", new BusNeed.Ccid(), s::withAddress);
            case SerialDef s -> new Row(() -> "serial port" + (s.port() == null ? "" : " " + s.port()),
                    switch (s.effectiveType()) {
                        case ISA_SERIAL, ISA_DEBUG -> new BusNeed.None();
                        case USB_SERIAL -> new BusNeed.Usb(UsbPhase.SERIAL);
                        case PCI_SERIAL -> new BusNeed.Pci(PciPhase.SERIAL, PciSlot.CONVENTIONAL);
                    }, s::withAddress);
            case ParallelDef p -> new Row(() -> "parallel port " + p.port(), new BusNeed.None(), null);
            case ConsoleDef c -> new Row(() -> "console",
                    c.isVirtio() ? new BusNeed.VirtioSerial(true) : new BusNeed.None(), null);
            case ChannelDef c -> new Row(() -> c.isVirtio() ? "channel '" + c.name() + "'" : "guestfwd channel",
                    c.isVirtio() ? new BusNeed.VirtioSerial(false) : new BusNeed.None(), c::withAddress);
            case InputDef i -> new Row(() -> i.type().xml() + " on the " + i.bus().xml() + " bus", switch (i.bus()) {
                case PS2, NONE -> new BusNeed.None();
                case USB -> new BusNeed.Usb(UsbPhase.INPUT);
                case VIRTIO -> new BusNeed.Pci(PciPhase.INPUT, PciSlot.VIRTIO);
            }, i::withAddress);
            case TpmDef t -> new Row(() -> "TPM", new BusNeed.None(), null);
            case GraphicsDef g -> new Row(() -> "graphics", new BusNeed.None(), null);
            case SoundDef s -> new Row(() -> "sound card (" + s.model().xml() + ")", switch (s.model()) {
                case ES1370, AC97, ICH6 -> new BusNeed.Pci(PciPhase.SOUND, PciSlot.CONVENTIONAL);
                // the real q35's ICH9 has its HD audio at 00:1b.0
                case ICH9 -> new BusNeed.Pci(PciPhase.SOUND, PciSlot.CONVENTIONAL, 0x1b);
                case USB -> new BusNeed.Usb(UsbPhase.SOUND);
                case SB16, PCSPK -> new BusNeed.None();
            }, s::withAddress);
            case AudioDef a -> new Row(() -> "audio back end " + a.id(), new BusNeed.None(), null);
            case VideoDef v -> new Row(() -> "video adapter (" + v.model().xml() + ")", switch (v.model()) {
                case VIRTIO -> new BusNeed.Pci(PciPhase.VIDEO, PciSlot.VIRTIO);
                case VGA, CIRRUS, VMVGA, QXL -> new BusNeed.Pci(PciPhase.VIDEO, PciSlot.CONVENTIONAL);
                case BOCHS -> new BusNeed.Pci(PciPhase.VIDEO, PciSlot.EXPRESS);
                case NONE, RAMFB -> new BusNeed.None();
            }, v::withAddress);
            case RedirdevDef r -> new Row(() -> "redirected USB device", new BusNeed.Usb(UsbPhase.REDIRDEV),
                    r::withAddress);
            case RedirFilterDef r -> new Row(() -> "USB redirection filter", new BusNeed.None(), null);
            case HubDef h -> new Row(() -> "USB hub", new BusNeed.Usb(UsbPhase.HUB), h::withAddress);
            case MemballoonDef m -> new Row(() -> "memballoon", m.model().virtio() == null ? new BusNeed.None()
                    : new BusNeed.Pci(PciPhase.MEMBALLOON, virtio(m.model().virtio())), m::withAddress);
            case RngDef r -> new Row(() -> "rng device", new BusNeed.Pci(PciPhase.RNG, virtio(r.model())),
                    r::withAddress);
            case MemoryDeviceDef m -> new Row(() -> m.model().xml() + " memory device",
                    m.onPci() ? new BusNeed.Pci(PciPhase.MEMORY, PciSlot.VIRTIO) : new BusNeed.None(),
                    m.onPci() ? m::withAddress : null);
            case LeaseDef l -> new Row(() -> "lease " + l.key(), new BusNeed.None(), null);
            case HostdevDef h -> new Row(h::describe, hostdev(h), h::withAddress);
            case WatchdogDef w -> new Row(() -> "watchdog (" + w.model().xml() + ")", switch (w.model()) {
                case I6300ESB -> new BusNeed.Pci(PciPhase.WATCHDOG, PciSlot.CONVENTIONAL);
                case IB700, ITCO, DIAG288 -> new BusNeed.None();
            }, w::withAddress);
            case PanicDef p -> new Row(() -> "panic device (" + p.model().xml() + ")", switch (p.model()) {
                case PVPANIC -> new BusNeed.Pci(PciPhase.PANIC, PciSlot.CONVENTIONAL);
                case ISA, HYPERV, PSERIES, S390 -> new BusNeed.None();
            }, p::withAddress);
            case ShmemDef s -> new Row(() -> "shmem '" + s.name() + "'", new BusNeed.Pci(PciPhase.SHMEM,
                    PciSlot.CONVENTIONAL), s::withAddress);
            case IommuDef i -> new Row(() -> i.model().xml() + " IOMMU", switch (i.model()) {
                case VIRTIO -> new BusNeed.Pci(PciPhase.IOMMU, PciSlot.INTEGRATED);
                case INTEL, SMMUV3 -> new BusNeed.None();
            }, i::withAddress);
            case VsockDef v -> new Row(() -> "vsock", new BusNeed.Pci(PciPhase.VSOCK, virtio(v.model())),
                    v::withAddress);
        };
    }

    /** A virtio device: transitional ones need a conventional slot, the others take a virtio one. */
    private static PciSlot virtio(VirtioModel model) {
        return switch (model) {
            case VIRTIO, VIRTIO_NON_TRANSITIONAL -> PciSlot.VIRTIO;
            case VIRTIO_TRANSITIONAL -> PciSlot.CONVENTIONAL;
        };
    }

    private static BusNeed iface(InterfaceDef n) {
        if (n.backend() instanceof NetBackend.Hostdev h) {
            return h.source() instanceof HostdevSource.Usb ? new BusNeed.Usb(UsbPhase.HOSTDEV)
                    : new BusNeed.Pci(PciPhase.HOSTDEV, PciSlot.EXPRESS);
        }
        return new BusNeed.Pci(PciPhase.NET, switch (n.model()) {
            case null -> PciSlot.CONVENTIONAL; // libvirt's x86 default is rtl8139
            case VIRTIO -> PciSlot.VIRTIO;
            case VIRTIO_NON_TRANSITIONAL -> PciSlot.VIRTIO;
            case E1000E -> PciSlot.EXPRESS;
            case VIRTIO_TRANSITIONAL, E1000, E1000_82544GC, E1000_82545EM, I82550, I82551, I82557A, I82557B, I82557C,
                 I82558A, I82558B, I82559A, I82559B, I82559C, I82559ER, I82562, I82801, NE2K_PCI, PCNET, RTL8139, TULIP,
                 VMXNET3 -> PciSlot.CONVENTIONAL;
        });
    }

    private static BusNeed hostdev(HostdevDef h) {
        if (h.address() instanceof Address.Unassigned) {
            return new BusNeed.None(); // taken from the host, not given to the guest
        }
        return switch (h.source()) {
            // an assigned PCI device or vGPU is PCI Express on q35 hosts; libvirt asks the host, jvirt assumes it
            case HostdevSource.Pci p -> new BusNeed.Pci(PciPhase.HOSTDEV, PciSlot.EXPRESS);
            case HostdevSource.Mdev m -> new BusNeed.Pci(PciPhase.HOSTDEV, PciSlot.EXPRESS);
            case HostdevSource.ScsiHost s -> new BusNeed.Pci(PciPhase.HOSTDEV, virtio(s.model() == null
                    ? VirtioModel.VIRTIO : s.model()));
            case HostdevSource.Usb u -> new BusNeed.Usb(UsbPhase.HOSTDEV);
            // libvirt gives an unaddressed SCSI host device the next free unit (ImplicitDevices)
            case HostdevSource.Scsi s -> new BusNeed.Drive(ControllerDef.Type.SCSI, -1);
        };
    }

    private static BusNeed disk(DiskDef d) {
        int index = d.target().index();
        return switch (d.target().bus()) {
            // transitional virtio devices work only in conventional PCI slots
            case VIRTIO -> new BusNeed.Pci(PciPhase.DISK, d.model() == DiskDef.Model.VIRTIO_TRANSITIONAL
                    ? PciSlot.CONVENTIONAL : PciSlot.VIRTIO);
            case SATA -> new BusNeed.Drive(ControllerDef.Type.SATA, index);
            case FDC -> new BusNeed.Drive(ControllerDef.Type.FDC, index);
            case USB -> new BusNeed.Usb(UsbPhase.DISK);
            case SCSI -> new BusNeed.Drive(ControllerDef.Type.SCSI, index);
            case IDE -> new BusNeed.Drive(ControllerDef.Type.IDE, index);
        };
    }

    private static BusNeed controller(ControllerDef c) {
        if (c.model() == null) {
            // the assigner gives every controller that needs one a model before placing it
            return switch (c.type()) {
                case PCI, FDC -> new BusNeed.None();
                case CCID -> new BusNeed.Usb(UsbPhase.CCID);
                case USB, SCSI, SATA, IDE -> new BusNeed.Pci(PciPhase.CONTROLLER, PciSlot.CONVENTIONAL);
                case VIRTIO_SERIAL -> new BusNeed.Pci(PciPhase.CONTROLLER, PciSlot.VIRTIO);
            };
        }
        PciSlot slot = switch (c.model()) {
            // ibmvscsi sits on the pSeries VIO bus, which libvirt gives it before PCI placement
            case PCI_ROOT, PCIE_ROOT, USB_NONE, NCR53C90, IBMVSCSI -> null;
            case PCI_BRIDGE -> PciSlot.PCI_BRIDGE;
            case DMI_TO_PCI_BRIDGE -> PciSlot.DMI_TO_PCI_BRIDGE;
            case PCIE_TO_PCI_BRIDGE -> PciSlot.PCIE_TO_PCI_BRIDGE;
            case PCIE_ROOT_PORT -> PciSlot.ROOT_PORT;
            case PCIE_SWITCH_UPSTREAM_PORT -> PciSlot.SWITCH_UPSTREAM_PORT;
            case PCIE_SWITCH_DOWNSTREAM_PORT -> PciSlot.SWITCH_DOWNSTREAM_PORT;
            case PCI_EXPANDER_BUS -> PciSlot.PCI_EXPANDER_BUS;
            case PCIE_EXPANDER_BUS -> PciSlot.PCIE_EXPANDER_BUS;
            case NEC_XHCI, QEMU_XHCI -> PciSlot.EXPRESS;
            case PIIX3_UHCI, PIIX4_UHCI, EHCI, ICH9_EHCI1, ICH9_UHCI1, ICH9_UHCI2, ICH9_UHCI3, VT82C686B_UHCI,
                 PCI_OHCI -> PciSlot.CONVENTIONAL;
            case VIRTIO_SCSI, SCSI_VIRTIO_NON_TRANSITIONAL, VIRTIO_SERIAL, SERIAL_VIRTIO_NON_TRANSITIONAL ->
                    PciSlot.VIRTIO;
            // transitional virtio devices work only in conventional PCI slots
            case SCSI_VIRTIO_TRANSITIONAL, SERIAL_VIRTIO_TRANSITIONAL, SCSI_AUTO, BUSLOGIC, LSILOGIC, LSISAS1068,
                 VMPVSCSI, LSISAS1078, DC390, AM53C974, IDE_PIIX3, IDE_PIIX4, IDE_ICH6 ->
                    PciSlot.CONVENTIONAL;
        };
        if (slot == null) {
            return new BusNeed.None();
        }
        return new BusNeed.Pci(c.type() == ControllerDef.Type.PCI ? PciPhase.PCI_CONTROLLER : PciPhase.CONTROLLER,
                slot);
    }
}
