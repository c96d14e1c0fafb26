package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskTarget;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.HostdevDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.conf.domain.VideoDef;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The devices and defaults libvirt adds to an x86 QEMU definition before it places anything
 * (qemuDomainDefAddDefaultDevices, the controller and video post-parse callbacks,
 * virDomainDiskDefAssignAddress and virDomainDefAddImplicitControllers), in libvirt's order:
 * PS/2 mouse and keyboard; USB controller 0 (qemu-xhci on q35, piix3-uhci on pc); the q35's
 * SATA controller; the PCI root; a virtio memballoon; the drive addresses of disks; the disk
 * controllers and the virtio-serial controller those imply; a video adapter for graphics.
 */
final class ImplicitDevices {

    /** PCI controllers that exist only in a PCI Express hierarchy. */
    private static final Set<Model> EXPRESS_ONLY = EnumSet.of(Model.PCIE_ROOT_PORT, Model.PCIE_SWITCH_UPSTREAM_PORT,
            Model.PCIE_SWITCH_DOWNSTREAM_PORT, Model.DMI_TO_PCI_BRIDGE, Model.PCIE_TO_PCI_BRIDGE,
            Model.PCIE_EXPANDER_BUS);

    private ImplicitDevices() {
    }

    static void add(Working w) {
        pciModels(w);
        addInput(w, InputDef.Type.MOUSE);
        addInput(w, InputDef.Type.KEYBOARD);
        if (!w.hasController(Type.USB, 0)) {
            w.add(ControllerDef.of(Type.USB, 0, switch (w.chipset) {
                case I440FX -> null;
                case Q35 -> Model.QEMU_XHCI;
            }));
        }
        if (w.chipset == Chipset.Q35 && !w.hasController(Type.SATA, 0)) {
            w.add(ControllerDef.of(Type.SATA, 0, null));
        }
        root(w);
        if (w.positions(d -> d instanceof MemballoonDef).isEmpty()) {
            w.add(new MemballoonDef(MemballoonDef.Model.VIRTIO, null, null, null));
        }
        defaultAudio(w);
        controllerModels(w);
        driveAddresses(w);
        scsiHostdevAddresses(w);
        diskControllers(w);
        virtioSerialControllers(w);
        smartcardControllers(w);
        controllerModels(w);
        boolean graphics = !w.positions(d -> d instanceof GraphicsDef).isEmpty();
        if (graphics && w.positions(d -> d instanceof VideoDef).isEmpty()) {
            // libvirt's default for QEMU 7.2 on x86
            w.add(VideoDef.of(VideoDef.Model.CIRRUS));
        }
    }

    /**
     * The audio back end libvirt gives a domain that names none (qemuDomainDefAddDefaultAudioBackend
     * with qemu.conf's defaults): spice's own with spice graphics, else one that discards sound,
     * unless the only displays are SDL (whose audio follows the host's QEMU_AUDIO_DRV, unset for jvirtd).
     */
    private static void defaultAudio(Working w) {
        if (!w.positions(d -> d instanceof AudioDef).isEmpty()) {
            return;
        }
        List<GraphicsDef> graphics = new ArrayList<>();
        w.positions(d -> d instanceof GraphicsDef).forEach(p -> graphics.add((GraphicsDef) w.get(p)));
        boolean add = graphics.isEmpty();
        AudioDef.Type type = AudioDef.Type.NONE;
        for (GraphicsDef g : graphics) {
            switch (g) {
                case GraphicsDef.Vnc v -> {
                    add = true;
                    type = AudioDef.Type.NONE;
                }
                case GraphicsDef.Spice s -> {
                    add = true;
                    type = AudioDef.Type.SPICE;
                }
                case GraphicsDef.Sdl s -> add = false;
                case GraphicsDef.EglHeadless e -> {
                    // no audio of its own
                }
                case GraphicsDef.Dbus d -> {
                    // no audio of its own
                }
            }
        }
        if (add) {
            w.add(new AudioDef(1, type));
        }
    }

    /** A CCID controller for the smartcard, which sits in its slot 0 (libvirt's virDomainDefMaybeAddSmartcardController). */
    private static void smartcardControllers(Working w) {
        for (int p : w.positions(d -> DeviceBuses.of(d).need() instanceof BusNeed.Ccid)) {
            DeviceDef d = w.get(p);
            if (d.address() == null) {
                w.setAddress(p, new Address.Ccid(0, 0));
            }
            int index = ((Address.Ccid) w.get(p).address()).controller();
            if (!w.hasController(Type.CCID, index)) {
                w.add(ControllerDef.of(Type.CCID, index, null));
            }
        }
    }

    /**
     * A PCI controller without a model (which libvirt refuses, but older jvirt definitions have):
     * index 0 is the machine's root, others are pcie-root-ports on q35 and pci-bridges on pc.
     */
    private static void pciModels(Working w) {
        for (int p : w.controllers(Type.PCI)) {
            ControllerDef c = (ControllerDef) w.get(p);
            if (c.model() == null) {
                w.set(p, c.withModel(c.index() == 0 ? rootModel(w.chipset) : switch (w.chipset) {
                    case I440FX -> Model.PCI_BRIDGE;
                    case Q35 -> Model.PCIE_ROOT_PORT;
                }));
            }
        }
    }

    static Model rootModel(Chipset chipset) {
        return switch (chipset) {
            case I440FX -> Model.PCI_ROOT;
            case Q35 -> Model.PCIE_ROOT;
        };
    }

    private static void addInput(Working w, InputDef.Type type) {
        if (w.positions(d -> d instanceof InputDef i && i.type() == type && i.bus() == InputDef.Bus.PS2).isEmpty()) {
            w.add(new InputDef(type, InputDef.Bus.PS2, null));
        }
    }

    private static void root(Working w) {
        Model root = rootModel(w.chipset);
        ControllerDef existing = w.controller(Type.PCI, 0);
        if (existing == null) {
            w.add(ControllerDef.of(Type.PCI, 0, root));
        } else if (existing.model() != root) {
            throw new AddressException(Kind.CONFLICT, "The PCI controller with index 0 of a "
                    + (w.chipset == Chipset.Q35 ? "q35" : "pc") + " machine is its root and must be a '" + root.xml()
                    + "', not a '" + existing.model().xml() + "'.");
        }
        for (int p : w.controllers(Type.PCI)) {
            ControllerDef c = (ControllerDef) w.get(p);
            if ((c.model() == Model.PCI_ROOT || c.model() == Model.PCIE_ROOT) && c.index() != 0) {
                throw new AddressException(Kind.CONFLICT, "The " + c.describe()
                        + " is a root; a machine has one root, with index 0.");
            }
            if (EXPRESS_ONLY.contains(c.model()) && w.chipset != Chipset.Q35) {
                throw new AddressException(Kind.CONFLICT, "The " + c.describe()
                        + " is a PCI Express controller, which needs a q35 machine.");
            }
            if (c.pci() != null && c.pci().numaNode() != null && !w.numaNodes.contains(c.pci().numaNode())) {
                throw new AddressException(Kind.CONFLICT, "The " + c.describe() + " is configured for NUMA node "
                        + c.pci().numaNode() + ", which the domain's <cpu><numa> does not have.");
            }
            if (c.model() == Model.PCI_EXPANDER_BUS && w.chipset != Chipset.I440FX) {
                throw new AddressException(Kind.CONFLICT, "The " + c.describe() + " needs a pc machine; a q35 "
                        + "machine takes a pcie-expander-bus.");
            }
        }
    }

    /** The x86 defaults of controller models: piix3-uhci for USB, lsilogic for SCSI. */
    private static void controllerModels(Working w) {
        for (int p : w.controllers()) {
            ControllerDef c = (ControllerDef) w.get(p);
            if (c.model() == null && c.type() == Type.USB) {
                w.set(p, c.withModel(Model.PIIX3_UHCI));
            } else if (c.model() == null && c.type() == Type.SCSI) {
                w.set(p, c.withModel(Model.LSILOGIC));
            }
        }
    }

    /** Disks without an address get the drive address their target name implies (virDomainDiskDefAssignAddress). */
    private static void driveAddresses(Working w) {
        for (int p = 0; p < w.size(); p++) {
            DeviceDef d = w.get(p);
            if (d.address() != null || d instanceof HostdevDef
                    || !(DeviceBuses.of(d).need() instanceof BusNeed.Drive drive)) {
                continue;
            }
            int idx = drive.nameIndex();
            Address.Drive a = switch (drive.controller()) {
                case SCSI -> new Address.Drive(idx / 7, 0, 0, idx % 7);
                case IDE -> new Address.Drive(idx / 4, (idx % 4) / 2, 0, idx % 2);
                case SATA -> new Address.Drive(idx / 6, 0, 0, idx % 6);
                case FDC -> new Address.Drive(idx / 2, 0, 0, idx % 2);
                case PCI, USB, VIRTIO_SERIAL, CCID -> throw new IllegalStateException(
                        "a drive address on a " + drive.controller().xml() + " controller");
            };
            w.setAddress(p, a);
        }
    }

    /**
     * A SCSI host device without an address gets the first free unit on bus 0, target 0 of the
     * first SCSI controller with room (virDomainHostdevAssignAddress): lsilogic-style controllers
     * have 7 units, virtio-scsi 16384; a controller that does not exist yet counts as lsilogic.
     */
    private static void scsiHostdevAddresses(Working w) {
        for (int p = 0; p < w.size(); p++) {
            if (!(w.get(p) instanceof HostdevDef h) || h.address() != null
                    || !(h.source() instanceof HostdevSource.Scsi)) {
                continue;
            }
            for (int controller = 0; ; controller++) {
                ControllerDef c = w.controller(Type.SCSI, controller);
                boolean virtio = c != null && (c.model() == Model.VIRTIO_SCSI
                        || c.model() == Model.SCSI_VIRTIO_TRANSITIONAL || c.model() == Model.SCSI_VIRTIO_NON_TRANSITIONAL);
                int units = virtio ? 16384 : 7;
                Integer unit = freeScsiUnit(w, controller, units);
                if (unit != null) {
                    w.setAddress(p, new Address.Drive(controller, 0, 0, unit));
                    break;
                }
            }
        }
    }

    private static Integer freeScsiUnit(Working w, int controller, int units) {
        List<Address.Drive> used = new ArrayList<>();
        for (DeviceDef d : w.devices()) {
            boolean scsi = d instanceof HostdevDef || d instanceof DiskDef disk
                    && disk.target().bus() == DiskTarget.Bus.SCSI;
            if (scsi && d.address() instanceof Address.Drive a && a.controller() == controller && a.bus() == 0
                    && a.target() == 0) {
                used.add(a);
            }
        }
        for (int u = 0; u < units; u++) {
            int unit = u;
            if (used.stream().noneMatch(a -> a.unit() == unit)) {
                return u;
            }
        }
        return null;
    }

    /** Controllers 0 to the highest one a drive address names, of each disk controller type. */
    private static void diskControllers(Working w) {
        for (Type type : new Type[] {Type.SCSI, Type.FDC, Type.IDE, Type.SATA}) {
            int max = -1;
            List<String> users = new ArrayList<>();
            for (DeviceDef d : w.devices()) {
                if (DeviceBuses.of(d).need() instanceof BusNeed.Drive drive && drive.controller() == type
                        && d.address() instanceof Address.Drive a) {
                    max = Math.max(max, a.controller());
                    users.add(DeviceBuses.of(d).what());
                }
            }
            if (type == Type.IDE && w.chipset == Chipset.Q35 && (max >= 0 || !w.controllers(Type.IDE).isEmpty())) {
                throw new AddressException(Kind.UNSUPPORTED, users.isEmpty()
                        ? "A q35 machine has no IDE controller; remove the IDE controller or use a pc machine."
                        : "The " + String.join(", ", users) + " use" + (users.size() == 1 ? "s" : "")
                        + " the ide bus, which a q35 machine does not have; use sata.");
            }
            if (type == Type.IDE && w.chipset == Chipset.I440FX && max > 0) {
                throw new AddressException(Kind.UNSUPPORTED, "The " + String.join(", ", users) + " need IDE controller "
                        + max + ", but a pc machine has only its built-in IDE controller 0 (disks hda to hdd).");
            }
            if (max > 255) {
                throw new AddressException(Kind.CONFLICT, "The " + String.join(", ", users) + " name " + type.xml()
                        + " controller " + max + ", but controller indexes go up to 255.");
            }
            for (int i = 0; i <= max; i++) {
                if (!w.hasController(type, i)) {
                    w.add(ControllerDef.of(type, i, null));
                }
            }
        }
    }

    /** The virtio-serial controller each channel and then each virtio console names, 0 when it names none. */
    private static void virtioSerialControllers(Working w) {
        for (boolean consoles : new boolean[] {false, true}) {
            for (DeviceDef d : w.devices()) {
                if (!(DeviceBuses.of(d).need() instanceof BusNeed.VirtioSerial v) || v.console() != consoles) {
                    continue;
                }
                int index = d.address() instanceof Address.VirtioSerial a ? a.controller() : 0;
                if (index > 255) {
                    throw new AddressException(Kind.CONFLICT, "The " + DeviceBuses.of(d).what()
                            + " names virtio-serial controller " + index + ", but controller indexes go up to 255.");
                }
                if (!w.hasController(Type.VIRTIO_SERIAL, index)) {
                    w.add(ControllerDef.of(Type.VIRTIO_SERIAL, index, null));
                }
            }
        }
    }
}
