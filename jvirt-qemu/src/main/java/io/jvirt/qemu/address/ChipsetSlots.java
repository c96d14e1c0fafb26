package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.VideoDef;
import io.jvirt.qemu.address.PciAddressSet.Pos;
import java.util.List;

/**
 * The PCI places of the devices built into the chipset, taken before anything else is placed
 * (libvirt's qemuDomainValidateDevicePCISlotsPIIX3 and ...Q35): the PIIX3's slot 1 with its IDE
 * (.1) and USB (.2) functions, the ICH9's slot 0x1f with its AHCI (.2), the ICH9 USB2 groups in
 * 0x1d and 0x1a, a dmi-to-pci-bridge in 0x1e, the integrated audio in 0x1b, and the slot QEMU
 * gives the primary VGA (2 on pc, 1 on q35). A definition that puts the built-in controllers
 * elsewhere, or another device into their slots, is a problem.
 */
final class ChipsetSlots {

    private final Working w;
    private final List<String> problems;

    private ChipsetSlots(Working w, List<String> problems) {
        this.w = w;
        this.problems = problems;
    }

    /**
     * Reserves the chipset's places in the address set, writing the fixed addresses into the
     * devices that have none.
     *
     * @param w the devices
     * @param set the address set
     * @param problems where conflicts are reported
     */
    static void reserve(Working w, PciAddressSet set, List<String> problems) {
        new ChipsetSlots(w, problems).reserve(set);
    }

    /** The devices built into the chipset and the slots real hardware has them in. */
    private void reserve(PciAddressSet set) {
        switch (w.chipset) {
            case I440FX -> piix3(set);
            case Q35 -> ich9(set);
        }
    }

    private void piix3(PciAddressSet set) {
        int flags = Connect.AUTOASSIGN | Connect.PCI_DEVICE;
        for (int p : w.controllers()) {
            ControllerDef c = (ControllerDef) w.get(p);
            Address.Pci fixed;
            if (c.type() == Type.IDE && c.index() == 0) {
                fixed = new Address.Pci(0, 0, 1, 1, null);
            } else if (c.type() == Type.USB && c.index() == 0 && (c.model() == Model.PIIX3_UHCI || c.model() == null)) {
                fixed = new Address.Pci(0, 0, 1, 2, null);
            } else {
                continue;
            }
            if (c.address() instanceof Address.Pci a && !a.isEmpty()) {
                if (!PciPlacement.pos(a).equals(PciPlacement.pos(fixed))) {
                    problems.add("The " + c.describe() + " is part of the PIIX3 and must have the PCI address "
                            + PciPlacement.pos(fixed).text() + ", not " + PciPlacement.pos(a).text() + ".");
                    continue;
                }
            } else {
                w.set(p, c.withAddress(fixed));
            }
            String why = set.reserve(PciPlacement.pos(fixed), flags, true);
            if (why != null) {
                problems.add(why);
            }
        }
        reserveBuiltIn(set, new Pos(0, 1, 0), flags);
        reserveBuiltIn(set, new Pos(0, 1, 3), flags);
        primaryVideo(set, 2, flags);
    }

    private void ich9(PciAddressSet set) {
        int flags = Connect.PCIE_DEVICE;
        for (int p : w.controllers()) {
            ControllerDef c = (ControllerDef) w.get(p);
            if (c.type() == Type.SATA && c.index() == 0) {
                Address.Pci fixed = new Address.Pci(0, 0, 0x1f, 2, null);
                if (c.address() instanceof Address.Pci a && !a.isEmpty()) {
                    if (!PciPlacement.pos(a).equals(PciPlacement.pos(fixed))) {
                        problems.add("The " + c.describe() + " is the ICH9's own AHCI controller and must have the "
                                + "PCI address " + PciPlacement.pos(fixed).text() + ", not " + PciPlacement.pos(a).text() + ".");
                    }
                } else {
                    w.set(p, c.withAddress(fixed));
                }
            } else if (c.model() == Model.ICH9_UHCI1 && c.address() == null) {
                // the first USB2 group in 0x1d, the second in 0x1a, where the real ICH9 has them
                for (int slot : new int[] {0x1d, 0x1a}) {
                    if (!set.slotInUse(0, slot)) {
                        reserveBuiltIn(set, new Pos(0, slot, 0), flags);
                        w.set(p, c.withAddress(new Address.Pci(0, 0, slot, 0, true)));
                        break;
                    }
                }
            } else if (c.model() == Model.DMI_TO_PCI_BRIDGE && c.address() == null && !set.slotInUse(0, 0x1e)) {
                reserveBuiltIn(set, new Pos(0, 0x1e, 0), flags);
                w.set(p, c.withAddress(new Address.Pci(0, 0, 0x1e, 0, null)));
            }
        }
        reserveBuiltIn(set, new Pos(0, 0x1f, 0), flags);
        reserveBuiltIn(set, new Pos(0, 0x1f, 3), flags);
        primaryVideo(set, 1, flags);
        for (int i = 0; i < w.size(); i++) {
            DeviceDef d = w.get(i);
            if (DeviceBuses.of(d).need() instanceof BusNeed.Pci p && p.q35RootSlot() != null && PciPlacement.wanted(d)
                    && !set.slotInUse(0, p.q35RootSlot())) {
                reserveBuiltIn(set, new Pos(0, p.q35RootSlot(), 0), flags);
                w.setAddress(i, new Address.Pci(0, 0, p.q35RootSlot(), 0, null));
            }
        }
    }

    private void reserveBuiltIn(PciAddressSet set, Pos pos, int flags) {
        if (set.size() == 0) {
            return;
        }
        String why = set.reserve(pos, flags, true);
        if (why == null) {
            return;
        }
        for (DeviceDef d : w.devices()) {
            if (d.address() instanceof Address.Pci a && !a.isEmpty() && PciPlacement.pos(a).equals(pos)) {
                problems.add("The " + DeviceBuses.of(d).what() + " is at PCI address " + pos.text()
                        + ", which the chipset's own devices occupy; choose another slot or remove its address.");
                return;
            }
        }
        problems.add(why);
    }

    /** The first video adapter takes the slot QEMU would give the VGA: 2 on pc, 1 on q35. */
    private void primaryVideo(PciAddressSet set, int slot, int flags) {
        List<Integer> videos = w.ordered(d -> d instanceof VideoDef);
        if (videos.isEmpty()) {
            return;
        }
        int p = videos.getFirst();
        DeviceDef video = w.get(p);
        if (!(DeviceBuses.of(video).need() instanceof BusNeed.Pci) || !PciPlacement.wanted(video)) {
            return;
        }
        Pos want = new Pos(0, slot, 0);
        String why = set.invalid(want, flags, true);
        if (why != null) {
            problems.add(why);
            return;
        }
        if (set.slotInUse(0, slot)) {
            Pos got = set.reserveNext(PciPlacement.flags(w.chipset, video), -1);
            if (!set.dryRun()) {
                w.setAddress(p, new Address.Pci(0, got.bus(), got.slot(), got.function(), null));
            }
        } else {
            set.reserve(want, flags, true);
            w.setAddress(p, new Address.Pci(0, 0, slot, 0, null));
        }
    }
}
