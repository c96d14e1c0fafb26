package io.jvirt.qemu.address;

import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The PCI buses of a guest and the functions in use on each, as libvirt's
 * {@code virDomainPCIAddressSet} keeps them. In a dry run a device that finds no free slot
 * makes the set grow by the bus (or buses) that would take it, which is how the assigner learns
 * which controllers to add; otherwise running out of slots is an error.
 */
final class PciAddressSet {

    /** A place on a bus: bus number, slot and function. */
    record Pos(int bus, int slot, int function) {
        String text() {
            return String.format("0000:%02x:%02x.%x", bus, slot, function);
        }
    }

    private final List<PciBus> buses = new ArrayList<>();
    private final boolean dryRun;

    PciAddressSet(int nbuses, boolean dryRun) {
        for (int i = 0; i < nbuses; i++) {
            buses.add(new PciBus());
        }
        this.dryRun = dryRun;
    }

    int size() {
        return buses.size();
    }

    PciBus bus(int index) {
        return buses.get(index);
    }

    boolean dryRun() {
        return dryRun;
    }

    boolean slotInUse(int bus, int slot) {
        return buses.get(bus).functions[slot] != 0;
    }

    /** Returns why a device of {@code devFlags} cannot sit at {@code pos} on a bus of {@code busFlags}, or null. */
    private static String incompatible(Pos pos, int busFlags, int devFlags, boolean fromConfig) {
        int bus = busFlags;
        int dev = devFlags;
        if ((dev & Connect.INTEGRATED) != 0) {
            if (pos.bus() != 0) {
                return "The device at PCI address " + pos.text() + " is an integrated device, which must sit on "
                        + "bus 0.";
            }
            bus |= Connect.AUTOASSIGN;
        }
        if (fromConfig) {
            // a place the user chose may put a PCI device into a PCIe slot and the other way round
            if ((bus & Connect.TYPES_ENDPOINT) != 0) {
                bus |= Connect.TYPES_ENDPOINT;
            }
            if ((dev & Connect.PCI_BRIDGE) != 0) {
                dev |= Connect.PCI_DEVICE;
            }
        } else if ((dev & Connect.AUTOASSIGN) != 0 && (bus & Connect.AUTOASSIGN) == 0) {
            return "The device at PCI address " + pos.text() + " was given that place automatically, but the PCI "
                    + "controller with index " + pos.bus() + " takes devices only at places the definition names.";
        }
        if ((dev & Connect.HOTPLUGGABLE) != 0 && (bus & Connect.HOTPLUGGABLE) == 0) {
            return "The device at PCI address " + pos.text() + " needs hotplug, but the PCI controller with index "
                    + pos.bus() + " does not support it.";
        }
        if ((dev & bus & Connect.TYPES_MASK) == 0) {
            return "The device at PCI address " + pos.text() + " cannot be plugged into the PCI controller with index "
                    + pos.bus() + ": it needs a controller that takes " + Connect.describe(dev) + ".";
        }
        return null;
    }

    /** Returns why {@code pos} is not a valid place for a device of {@code flags}, or null. */
    String invalid(Pos pos, int flags, boolean fromConfig) {
        if (buses.isEmpty()) {
            return "There are no PCI buses.";
        }
        if (pos.bus() >= buses.size()) {
            return "The PCI address " + pos.text() + " is on bus " + pos.bus() + ", but there are buses up to "
                    + (buses.size() - 1) + " only; add a PCI controller with index " + pos.bus() + ".";
        }
        PciBus b = buses.get(pos.bus());
        String why = incompatible(pos, b.flags, flags, fromConfig);
        if (why != null) {
            return why;
        }
        if (pos.slot() < b.minSlot) {
            return "The PCI address " + pos.text() + " is invalid: slots on bus " + pos.bus() + " start at "
                    + b.minSlot + ".";
        }
        if (pos.slot() > b.maxSlot) {
            return "The PCI address " + pos.text() + " is invalid: the " + b.model.xml() + " with index " + pos.bus()
                    + " has slot" + (b.maxSlot == 0 ? " 0 only" : "s up to " + b.maxSlot) + ".";
        }
        return null;
    }

    /**
     * Adds buses so that {@code pos.bus()} exists, choosing controllers that take a device of
     * {@code flags} (libvirt's virDomainPCIAddressSetGrow). A conventional PCI device on a pure
     * PCIe machine gets a pcie-root-port with a pcie-to-pci-bridge, and its bus moves to the bridge.
     *
     * @return the position, with the bus moved when a bridge was put in front of it
     */
    Pos grow(Pos pos, int flags) {
        int add = pos.bus() - buses.size() + 1;
        if (add <= 0) {
            return pos;
        }
        if (pos.bus() + 1 > PciBus.LAST_BUS) {
            throw new AddressException(Kind.FULL, "There is no room for another PCI bus for "
                    + Connect.describe(flags) + ": PCI bus numbers go up to " + PciBus.LAST_BUS + ".");
        }
        Model model;
        boolean needBridge = false;
        if ((flags & Connect.PCI_DEVICE) != 0) {
            model = Model.PCI_BRIDGE;
            needBridge = buses.stream().noneMatch(b -> (b.flags & Connect.PCI_BRIDGE) != 0);
            if (needBridge && add == 1) {
                // a pure PCIe guest: pcie-root-port + pcie-to-pci-bridge instead of a pci-bridge
                add++;
                pos = new Pos(pos.bus() + 1, pos.slot(), pos.function());
            }
        } else if ((flags & (Connect.PCIE_DEVICE | Connect.PCIE_SWITCH_UPSTREAM_PORT)) != 0) {
            model = Model.PCIE_ROOT_PORT;
        } else {
            Model wanted = Connect.modelFor(flags);
            throw new AddressException(Kind.FULL, wanted != null
                    ? "A PCI slot is needed for a " + wanted.xml() + " controller, but none is free, and jvirt does "
                    + "not add the controller it would plug into by itself; give it an address on a bus with room."
                    : "No PCI slot is free for " + Connect.describe(flags)
                    + ", and no controller can be added for it.");
        }
        int i = buses.size();
        for (int k = 0; k < add; k++) {
            buses.add(new PciBus());
        }
        if (needBridge && add >= 2) {
            // the root port takes only the bridge, so that it is not used up by a PCIe device
            buses.get(i).setModel(Model.PCIE_ROOT_PORT, true);
            buses.get(i).flags = Connect.PCIE_TO_PCI_BRIDGE;
            i++;
            buses.get(i++).setModel(Model.PCIE_TO_PCI_BRIDGE, true);
        }
        for (; i < buses.size(); i++) {
            buses.get(i).setModel(model, true);
        }
        return pos;
    }

    /**
     * Marks one function as used (libvirt's virDomainPCIAddressReserveAddrInternal).
     *
     * @param pos the place
     * @param flags the device's connection flags
     * @param fromConfig whether the place comes from the definition (allows PCI devices in PCIe slots)
     * @return why the place cannot be used, or null when it is now reserved
     */
    String reserve(Pos pos, int flags, boolean fromConfig) {
        Pos p = dryRun ? grow(pos, flags) : pos;
        String why = invalid(p, flags, fromConfig);
        if (why != null) {
            return why;
        }
        PciBus b = buses.get(p.bus());
        if ((b.functions[p.slot()] & (1 << p.function())) != 0) {
            return "Two devices use the PCI address " + p.text() + ".";
        }
        if (b.functions[p.slot()] == 0 && (flags & Connect.AGGREGATE_SLOT) != 0) {
            b.aggregate[p.slot()] = true;
        }
        b.functions[p.slot()] |= 1 << p.function();
        return null;
    }

    /**
     * Finds the first completely free slot (or a free function of a shared slot) for a device
     * and reserves it (libvirt's virDomainPCIAddressReserveNextAddr).
     *
     * @param flags the device's connection flags
     * @param function the function to use, or -1 for any
     * @return the reserved place
     */
    Pos reserveNext(int flags, int function) {
        Pos pos = next(flags, function);
        String why = reserve(pos, flags, false);
        if (why != null) {
            throw new AddressException(Kind.CONFLICT, why);
        }
        return pos;
    }

    private Pos next(int flags, int function) {
        if (buses.isEmpty()) {
            throw new AddressException(Kind.UNSUPPORTED, "There are no PCI buses.");
        }
        int fn = function == -1 ? 0 : function;
        for (int bus = 0; bus < buses.size(); bus++) {
            Pos found = freeOn(bus, fn, function, flags);
            if (found != null) {
                return found;
            }
        }
        if (dryRun) {
            Pos p = grow(new Pos(buses.size(), 0, fn), flags);
            return new Pos(p.bus(), buses.get(p.bus()).minSlot, fn);
        }
        throw new AddressException(Kind.FULL, "No PCI slot is free for " + Connect.describe(flags) + ".");
    }

    private Pos freeOn(int busIndex, int startFunction, int function, int flags) {
        PciBus b = buses.get(busIndex);
        int fn = startFunction;
        if (incompatible(new Pos(busIndex, b.minSlot, fn), b.flags, flags, false) != null) {
            return null;
        }
        for (int slot = b.minSlot; slot <= b.maxSlot; slot++) {
            if (b.functions[slot] == 0) {
                return new Pos(busIndex, slot, fn);
            }
            if ((flags & Connect.AGGREGATE_SLOT) != 0 && b.aggregate[slot]) {
                if ((b.functions[slot] & (1 << fn)) == 0) {
                    return new Pos(busIndex, slot, fn);
                }
                if (function == -1) {
                    for (; fn < 8; fn++) {
                        if ((b.functions[slot] & (1 << fn)) == 0) {
                            return new Pos(busIndex, slot, fn);
                        }
                    }
                    fn = 0;
                }
            }
        }
        return null;
    }
}
