package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.qemu.address.AddressException.Kind;
import io.jvirt.qemu.address.BusNeed.PciPhase;
import io.jvirt.qemu.address.PciAddressSet.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * PCI slots as libvirt's {@code qemuDomainAssignPCIAddresses} gives them, in two passes. The
 * first is a dry run that counts the buses the devices need, growing the set with
 * pcie-root-ports (q35) or pci-bridges (pc) and then adding those controllers to the
 * definition; the second places every device without an address, phase by phase
 * ({@link PciPhase}), on the first free slot that takes it. Addresses already in the
 * definition are reserved first and never move.
 */
final class PciPlacement {

    private final Working w;
    private final Chipset chipset;
    private final List<String> problems = new ArrayList<>();

    private PciPlacement(Working w) {
        this.w = w;
        this.chipset = w.chipset;
    }

    /**
     * Places every PCI device of the working set.
     *
     * @param w the devices
     * @param sparePorts how many empty hot-pluggable pcie-root-ports a q35 guest should have at least,
     *     beyond libvirt's one (0 for libvirt's behaviour)
     */
    static void place(Working w, int sparePorts) {
        new PciPlacement(w).run(sparePorts);
    }

    private void run(int sparePorts) {
        int maxIndex = -1;
        for (int p : w.controllers(Type.PCI)) {
            maxIndex = Math.max(maxIndex, ((ControllerDef) w.get(p)).index());
        }
        PciAddressSet dry = create(maxIndex + 1, true);
        ChipsetSlots.reserve(w, dry, problems);
        failOnProblems();
        if (hasRoot(Model.PCI_ROOT)) {
            // leave room for a bridge: a pc guest whose root bus fills up gets one now, not when it is too late
            boolean full = true;
            for (int b = 0; b < dry.size(); b++) {
                full &= dry.bus(b).isFullyReserved();
            }
            if (!full) {
                dry.reserveNext(Connect.PCI_DEVICE | Connect.AUTOASSIGN, -1);
            }
        }
        assignSlots(dry);
        if (hasRoot(Model.PCIE_ROOT)) {
            int spare = 0;
            if (maxIndex <= 0 && dry.size() > maxIndex + 1) {
                // the definition leaves PCI to us: one empty root port more, for a device added later
                dry.reserveNext(Connect.PCIE_DEVICE | Connect.AUTOASSIGN, -1);
                spare = 1;
            }
            for (int k = freeRootPorts(dry) + spare; k < sparePorts; k++) {
                dry.reserveNext(Connect.PCIE_DEVICE | Connect.AUTOASSIGN | Connect.HOTPLUGGABLE, -1);
            }
        }
        for (int i = 1; i < dry.size(); i++) {
            if (w.hasController(Type.PCI, i)) {
                continue;
            }
            Model model = dry.bus(i).model;
            ControllerDef added = ControllerDef.of(Type.PCI, i, model);
            w.add(added);
            if (model != Model.PCI_ROOT && model != Model.PCIE_ROOT) {
                dry.reserveNext(flags(added), -1);
            }
        }
        PciAddressSet set = create(dry.size(), false);
        ChipsetSlots.reserve(w, set, problems);
        failOnProblems();
        assignSlots(set);
        setAllMultifunction();
        ControllerDefaults.fill(w);
    }

    /** Counts the buses that are empty hot-pluggable root ports: with the one libvirt adds, the spares. */
    private int freeRootPorts(PciAddressSet set) {
        int free = 0;
        for (int b = 1; b < set.size(); b++) {
            PciBus bus = set.bus(b);
            if (bus.model == Model.PCIE_ROOT_PORT && (bus.flags & Connect.HOTPLUGGABLE) != 0
                    && (bus.flags & Connect.PCIE_DEVICE) != 0 && bus.isEmpty()) {
                free++;
            }
        }
        return free;
    }

    private boolean hasRoot(Model root) {
        return w.controllers(Type.PCI).stream().anyMatch(p -> ((ControllerDef) w.get(p)).model() == root);
    }

    private void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new AddressException(Kind.CONFLICT, List.copyOf(problems));
        }
    }

    /** The connection flags of a device, or 0 when it is not a PCI device. */
    int flags(DeviceDef d) {
        return flags(chipset, d);
    }

    /** The connection flags of a device on a chipset, or 0 when it is not a PCI device. */
    static int flags(Chipset chipset, DeviceDef d) {
        return DeviceBuses.of(d).need() instanceof BusNeed.Pci p ? Connect.of(p.slot(), chipset) : 0;
    }

    /** Whether a device asks for a PCI address to be assigned: none yet, or {@code <address type='pci'/>}. */
    static boolean wanted(DeviceDef d) {
        return d.address() == null || d.address() instanceof Address.Pci p && p.isEmpty();
    }

    static Pos pos(Address.Pci p) {
        return new Pos(p.bus(), p.slot(), p.function());
    }

    private PciAddressSet create(int nbuses, boolean dryRun) {
        PciAddressSet set = new PciAddressSet(nbuses, dryRun);
        boolean pcieRoot = false;
        for (int p : w.controllers(Type.PCI)) {
            ControllerDef c = (ControllerDef) w.get(p);
            if (c.index() >= nbuses) {
                throw new IllegalStateException("PCI controller " + c.index() + " beyond " + nbuses + " buses");
            }
            boolean hotplug = c.pci() == null || !Boolean.FALSE.equals(c.pci().hotplug());
            set.bus(c.index()).setModel(c.model(), hotplug);
            pcieRoot |= c.model() == Model.PCIE_ROOT;
        }
        if (nbuses > 0 && set.bus(0).model == null) {
            set.bus(0).setModel(Model.PCI_ROOT, true);
        }
        Model fill = pcieRoot ? Model.PCIE_ROOT_PORT : Model.PCI_BRIDGE;
        for (int i = 1; i < nbuses; i++) {
            if (set.bus(i).model == null) {
                set.bus(i).setModel(fill, true);
            }
        }
        for (int i = 0; i < w.size(); i++) {
            collect(set, w.get(i));
        }
        return set;
    }

    /** Reserves an address the definition gives (libvirt's qemuDomainCollectPCIAddress). */
    private void collect(PciAddressSet set, DeviceDef d) {
        if (!(d.address() instanceof Address.Pci a) || a.isEmpty()) {
            return;
        }
        String what = DeviceBuses.of(d).what();
        if (a.domain() != 0) {
            problems.add("The " + what + " is in PCI domain " + a.domain() + ", but only domain 0 exists.");
            return;
        }
        int flags = flags(d);
        if (flags == 0) {
            flags = Connect.PCI_DEVICE;
        }
        if (d instanceof ControllerDef c && a.bus() == 0 && a.slot() == 1 && c.index() == 0
                && (c.type() == Type.IDE && a.function() == 1 || c.type() == Type.USB && a.function() == 2
                && (c.model() == Model.PIIX3_UHCI || c.model() == null))) {
            // the PIIX3's own IDE and USB functions: reserved with the chipset
            return;
        }
        String why = set.reserve(pos(a), flags, true);
        if (why != null) {
            problems.add("The " + what + ": " + lower(why));
        }
    }

    static String lower(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** Libvirt's qemuDomainAssignDevicePCISlots: every phase in turn, each device in libvirt's order. */
    private void assignSlots(PciAddressSet set) {
        for (PciPhase phase : PciPhase.values()) {
            switch (phase) {
                case PCI_CONTROLLER -> {
                    for (int p : w.controllers(Type.PCI)) {
                        ControllerDef c = (ControllerDef) w.get(p);
                        if (c.model() != Model.PCI_ROOT && c.model() != Model.PCIE_ROOT && wanted(c)) {
                            next(set, p);
                        }
                    }
                }
                case CONTROLLER -> {
                    for (int p : w.controllers()) {
                        ControllerDef c = (ControllerDef) w.get(p);
                        if (c.type() == Type.PCI || c.type() == Type.IDE && c.index() == 0 || flags(c) == 0
                                || !wanted(c)) {
                            continue;
                        }
                        if (c.isUsb2()) {
                            usb2(set, p, c);
                        } else {
                            next(set, p);
                        }
                    }
                }
                case FILESYSTEM, NET, SOUND, DISK, HOSTDEV, MEMBALLOON, RNG, WATCHDOG, VIDEO, SHMEM, INPUT, SERIAL,
                     IOMMU, VSOCK, MEMORY, PANIC -> {
                    for (Class<? extends DeviceDef> kind : kinds(phase)) {
                        for (int p : w.ordered(kind::isInstance)) {
                            DeviceDef d = w.get(p);
                            if (w.need(p) instanceof BusNeed.Pci need && need.phase() == phase && wanted(d)) {
                                next(set, p);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The kinds of device that have PCI needs in a phase, in the order of the definition's kinds. */
    private List<Class<? extends DeviceDef>> kinds(PciPhase phase) {
        List<Class<? extends DeviceDef>> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            DeviceDef d = w.get(i);
            if (w.need(i) instanceof BusNeed.Pci need && need.phase() == phase
                    && !out.contains(d.getClass()) && !(d instanceof ControllerDef)) {
                out.add(d.getClass());
            }
        }
        return out;
    }

    private void next(PciAddressSet set, int p) {
        DeviceDef d = w.get(p);
        Pos got = set.reserveNext(flags(d), -1);
        if (!set.dryRun()) {
            Boolean multi = d.address() instanceof Address.Pci a ? a.multifunction() : null;
            w.setAddress(p, new Address.Pci(0, got.bus(), got.slot(), got.function(), multi));
        }
    }

    /** A USB2 controller and its companions share one slot, at fixed functions. */
    private void usb2(PciAddressSet set, int p, ControllerDef c) {
        Address.Pci found = null;
        for (int q : w.controllers(Type.USB)) {
            ControllerDef o = (ControllerDef) w.get(q);
            if (o.isUsb2() && o.index().equals(c.index()) && o.address() instanceof Address.Pci a && !a.isEmpty()) {
                found = a;
                break;
            }
        }
        int function = switch (c.model()) {
            case ICH9_EHCI1 -> 7;
            case ICH9_UHCI2 -> 1;
            case ICH9_UHCI3 -> 2;
            default -> 0;
        };
        Boolean multi = c.model() == Model.ICH9_UHCI1 ? Boolean.TRUE : null;
        if (found != null) {
            Address.Pci here = new Address.Pci(0, found.bus(), found.slot(), function, multi);
            String why = set.reserve(pos(here), flags(c), true);
            if (why != null) {
                throw new AddressException(Kind.CONFLICT, "The " + c.describe() + " cannot join its USB2 group: "
                        + lower(why));
            }
            w.set(p, c.withAddress(here));
        } else {
            Pos got = set.reserveNext(flags(c), function);
            if (!set.dryRun()) {
                w.set(p, c.withAddress(new Address.Pci(0, got.bus(), got.slot(), got.function(), multi)));
            }
        }
    }

    /** A slot with several functions in use has multifunction='on' on function 0, unless the definition says off. */
    private void setAllMultifunction() {
        for (int i = 0; i < w.size(); i++) {
            if (!(w.get(i).address() instanceof Address.Pci a) || a.function() == 0 || a.isEmpty()) {
                continue;
            }
            for (int k = 0; k < w.size(); k++) {
                if (w.get(k).address() instanceof Address.Pci b && b.domain() == a.domain() && b.bus() == a.bus()
                        && b.slot() == a.slot() && b.function() == 0) {
                    if (b.multifunction() == null) {
                        w.setAddress(k, b.withMultifunction(true));
                    }
                    break;
                }
            }
        }
    }
}
