package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerIndexes;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.VideoDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The devices of a definition while addresses are assigned: a list in which devices are
 * replaced in place and implicit ones are appended, plus the orders libvirt walks them in
 * (controllers grouped by type, disks sorted by target, the primary video first).
 */
final class Working {

    final Chipset chipset;
    /** The guest's NUMA node ids ({@code <cpu><numa>} cells), which a PCI expander bus may name. */
    final Set<Integer> numaNodes;
    private final List<DeviceDef> devices;
    /** Devices at positions from here on were added by the assigner, in the order they were added. */
    private final int given;
    /** The positions of the controllers in libvirt's order; depends only on types and indexes, which never change. */
    private List<Integer> controllerOrder;

    Working(Chipset chipset, List<DeviceDef> devices) {
        this(chipset, Set.of(), devices);
    }

    Working(Chipset chipset, Set<Integer> numaNodes, List<DeviceDef> devices) {
        this.chipset = chipset;
        this.numaNodes = Set.copyOf(numaNodes);
        this.devices = new ArrayList<>(devices);
        this.given = devices.size();
    }

    List<DeviceDef> devices() {
        return List.copyOf(devices);
    }

    int size() {
        return devices.size();
    }

    DeviceDef get(int position) {
        return devices.get(position);
    }

    void set(int position, DeviceDef device) {
        devices.set(position, device);
    }

    private final Map<DeviceDef, BusNeed> needs = new IdentityHashMap<>();

    /** Returns the need of the device at a position (cached per device instance). */
    BusNeed need(int position) {
        return needs.computeIfAbsent(devices.get(position), d -> DeviceBuses.of(d).need());
    }

    /** Appends an implicit device; returns its position. */
    int add(DeviceDef device) {
        devices.add(device);
        if (device instanceof ControllerDef && controllerOrder != null) {
            controllerOrder.add(devices.size() - 1);
        }
        return devices.size() - 1;
    }

    /** Puts an address into the device at a position. */
    void setAddress(int position, Address address) {
        DeviceBuses.Row row = DeviceBuses.of(devices.get(position));
        if (row.withAddress() == null) {
            throw new IllegalStateException("a " + row.what() + " has no address");
        }
        devices.set(position, row.withAddress().apply(address));
    }

    /** Returns the positions of the devices that match, in list order. */
    List<Integer> positions(Predicate<DeviceDef> filter) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            if (filter.test(devices.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Returns the positions of the controllers in libvirt's order: the given ones grouped by
     * type and sorted by index, then the implicit ones in the order they were added.
     */
    List<Integer> controllers() {
        if (controllerOrder == null) {
            controllerOrder = computeControllerOrder();
        }
        return List.copyOf(controllerOrder);
    }

    private List<Integer> computeControllerOrder() {
        List<Integer> givenPositions = positions(d -> d instanceof ControllerDef).stream().filter(i -> i < given)
                .toList();
        List<ControllerDef> ordered = ControllerIndexes.libvirtOrder(
                givenPositions.stream().map(i -> (ControllerDef) devices.get(i)).toList());
        List<Integer> out = new ArrayList<>();
        for (ControllerDef c : ordered) {
            for (int i : givenPositions) {
                if (devices.get(i) == c && !out.contains(i)) {
                    out.add(i);
                    break;
                }
            }
        }
        for (int i = given; i < devices.size(); i++) {
            if (devices.get(i) instanceof ControllerDef) {
                out.add(i);
            }
        }
        return out;
    }

    /** Returns the positions of the controllers of one type, in libvirt's order. */
    List<Integer> controllers(ControllerDef.Type type) {
        return controllers().stream().filter(i -> ((ControllerDef) devices.get(i)).type() == type).toList();
    }

    /** Returns the controller of a type and index, or null. */
    ControllerDef controller(ControllerDef.Type type, int index) {
        Integer p = controllerPosition(type, index);
        return p == null ? null : (ControllerDef) devices.get(p);
    }

    /** Returns the position of the controller of a type and index, or null. */
    Integer controllerPosition(ControllerDef.Type type, int index) {
        for (int i : controllers(type)) {
            ControllerDef c = (ControllerDef) devices.get(i);
            if (c.index() == index && !c.isUsbCompanion()) {
                return i;
            }
        }
        return null;
    }

    /** Returns whether any controller of a type has this index. */
    boolean hasController(ControllerDef.Type type, int index) {
        return positions(d -> d instanceof ControllerDef c && c.type() == type && c.index() == index).size() > 0;
    }

    /**
     * Returns the positions of devices of one kind in the order libvirt keeps them: disks
     * sorted by target name within a bus, videos with the primary one first, others as listed.
     */
    List<Integer> ordered(Predicate<DeviceDef> filter) {
        List<Integer> out = new ArrayList<>(positions(filter));
        if (!out.isEmpty() && devices.get(out.getFirst()) instanceof DiskDef) {
            List<Integer> sorted = new ArrayList<>();
            for (int p : out) {
                sorted.add(diskInsertAt(sorted, (DiskDef) devices.get(p)), p);
            }
            return sorted;
        }
        if (!out.isEmpty() && devices.get(out.getFirst()) instanceof VideoDef) {
            out.sort(Comparator.comparingInt(p -> Boolean.TRUE.equals(((VideoDef) devices.get(p)).primary()) ? 0 : 1));
        }
        return out;
    }

    /** Where libvirt inserts a disk among the disks parsed before it (virDomainDiskInsert). */
    private int diskInsertAt(List<Integer> sorted, DiskDef disk) {
        int insertAt = -1;
        for (int k = sorted.size() - 1; k >= 0; k--) {
            DiskDef other = (DiskDef) devices.get(sorted.get(k));
            if (other.target().bus() != disk.target().bus()) {
                continue;
            }
            if (other.target().index() > disk.target().index()) {
                insertAt = k;
            } else if (insertAt == -1) {
                insertAt = k + 1;
            }
        }
        return insertAt == -1 ? sorted.size() : insertAt;
    }
}
