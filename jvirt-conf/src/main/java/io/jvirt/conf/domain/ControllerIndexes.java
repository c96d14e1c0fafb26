package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Controller indexes and order as libvirt has them after parsing a definition.
 *
 * <p>Order ({@link #libvirtOrder}): libvirt keeps the controllers of one type together, at the
 * place of the first one of that type, sorted by index, with unindexed ones after the others
 * of their type (and a USB2 master before its companions of the same index). Drivers walk
 * controllers in this order, so address assignment does too; jvirt's definition keeps the
 * document order.
 *
 * <p>Indexes ({@link #assign}): a controller without an index gets the lowest index not used
 * by its type, except that an ich9-ehci1 or ich9-uhci companion right after another USB2
 * controller joins that controller's index when that index has no controller of its model yet.
 */
public final class ControllerIndexes {

    private ControllerIndexes() {
    }

    /**
     * Returns the controllers in the order libvirt keeps them.
     *
     * @param controllers the controllers in document order
     * @return the same controllers in libvirt's order
     */
    public static List<ControllerDef> libvirtOrder(List<ControllerDef> controllers) {
        List<ControllerDef> out = new ArrayList<>();
        for (ControllerDef c : controllers) {
            out.add(insertAt(out, c), c);
        }
        return out;
    }

    /** Where libvirt inserts a controller into a list of controllers (virDomainControllerInsert). */
    private static int insertAt(List<ControllerDef> list, ControllerDef c) {
        int insertAt = -1;
        for (int i = list.size() - 1; i >= 0; i--) {
            ControllerDef current = list.get(i);
            if (current.type() != c.type()) {
                continue;
            }
            if (c.index() == null) {
                insertAt = i + 1;
                break;
            }
            int currentIndex = current.index() == null ? -1 : current.index();
            if (currentIndex > c.index()) {
                insertAt = i;
            } else if (c.masterStartPort() == null && current.masterStartPort() != null
                    && currentIndex == c.index()) {
                insertAt = i;
            } else if (insertAt == -1) {
                insertAt = i + 1;
            }
        }
        return insertAt == -1 ? list.size() : insertAt;
    }

    /**
     * Gives every controller without an index the index libvirt gives it; other devices and
     * indexed controllers are returned as they are, in their place.
     *
     * @param devices the devices
     * @return the devices with indexed controllers
     */
    static List<DeviceDef> assign(List<? extends DeviceDef> devices) {
        List<ControllerDef> controllers = new ArrayList<>();
        for (DeviceDef d : devices) {
            if (d instanceof ControllerDef c) {
                controllers.add(c);
            }
        }
        if (controllers.stream().allMatch(c -> c.index() != null)) {
            return List.copyOf(devices);
        }
        List<ControllerDef> order = libvirtOrder(controllers);
        Map<ControllerDef, ControllerDef> indexed = new IdentityHashMap<>();
        List<ControllerDef> current = new ArrayList<>(order);
        for (int i = 0; i < current.size(); i++) {
            ControllerDef c = current.get(i);
            if (c.index() != null) {
                continue;
            }
            Integer index = c.isUsb2() ? companionIndex(current, i) : null;
            ControllerDef withIndex = c.withIndex(index != null ? index : lowestUnused(current, c.type()));
            current.set(i, withIndex);
            indexed.put(order.get(i), withIndex);
        }
        List<DeviceDef> out = new ArrayList<>(devices.size());
        for (DeviceDef d : devices) {
            out.add(d instanceof ControllerDef c && indexed.containsKey(c) ? indexed.get(c) : d);
        }
        return out;
    }

    /** The index of the USB2 controller just before position {@code i}, when this one can join it. */
    private static Integer companionIndex(List<ControllerDef> list, int i) {
        if (i == 0) {
            return null;
        }
        ControllerDef c = list.get(i);
        ControllerDef prev = null;
        for (int k = i - 1; k >= 0; k--) {
            if (list.get(k).type() == Type.USB) {
                prev = list.get(k);
                break;
            }
        }
        if (prev == null || !prev.isUsb2() || prev.index() == null) {
            return null;
        }
        for (ControllerDef other : list) {
            if (other.type() == Type.USB && prev.index().equals(other.index()) && other.model() == c.model()) {
                return null;
            }
        }
        return prev.index();
    }

    private static int lowestUnused(List<ControllerDef> list, Type type) {
        Set<Integer> used = new HashSet<>();
        for (ControllerDef c : list) {
            if (c.type() == type && c.index() != null) {
                used.add(c.index());
            }
        }
        int index = 0;
        while (used.contains(index)) {
            index++;
        }
        return index;
    }

    /**
     * Checks the rules between controllers: one controller per type and index, except that a
     * USB2 controller shares its index with its companions; USB model 'none' alone; a USB
     * controller that is not a companion.
     */
    static void check(List<ControllerDef> controllers, List<ConfException> problems) {
        Map<String, ControllerDef> seen = new HashMap<>();
        boolean usbNone = false;
        boolean usbOther = false;
        boolean usbMaster = false;
        for (ControllerDef c : controllers) {
            String key = c.type().xml() + "/" + c.index() + (c.type() == Type.USB && c.isUsb2() ? "/" + c.model() : "");
            ControllerDef previous = seen.putIfAbsent(key, c);
            if (previous != null) {
                problems.add(new ConfException(Kind.DUPLICATE, "There is more than one " + c.type().xml()
                        + " controller" + (c.type() == Type.USB && c.isUsb2() ? " of model '" + c.model().xml() + "'"
                        : "") + " with index " + c.index() + "."));
            }
            if (c.type() == Type.USB) {
                if (c.model() == Model.USB_NONE) {
                    usbNone = true;
                } else {
                    usbOther = true;
                }
                if (!c.isUsbCompanion()) {
                    usbMaster = true;
                }
            }
        }
        for (ControllerDef c : controllers) {
            if (c.type() == Type.USB && !c.isUsb2() && controllers.stream().anyMatch(o -> o != c
                    && o.type() == Type.USB && o.index().equals(c.index()) && o.isUsb2())) {
                problems.add(new ConfException(Kind.DUPLICATE, "The " + c.describe()
                        + " shares its index with a USB2 controller group; give it another index."));
            }
        }
        if (usbNone && usbOther) {
            problems.add(new ConfException(Kind.CONFLICT, "A USB controller of model 'none' turns USB off, so there "
                    + "can be no other USB controller; remove one or the other."));
        }
        if (usbOther && !usbMaster) {
            problems.add(new ConfException(Kind.MISSING_VALUE, "The USB1 companion controllers need their USB2 "
                    + "master (ich9-ehci1) with the same index."));
        }
    }
}
