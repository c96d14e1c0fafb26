package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.HubDef;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * USB ports as libvirt's qemuDomainAssignUSBAddresses gives them: when the controllers have
 * fewer ports than there are USB devices, hubs are added; ports in use are reserved; hubs get
 * ports first, then the other devices, each the first free port of the lowest bus, looking
 * into hubs when a bus is full. A port path such as {@code 1.3} is port 3 of the hub on port 1.
 */
final class UsbPorts {

    /** The ports of one controller or hub, and the hubs plugged into them. */
    private static final class Hub {
        final boolean[] used;
        final Hub[] hubs;

        Hub(int ports) {
            used = new boolean[ports];
            hubs = new Hub[ports];
        }
    }

    private final Working w;
    private final TreeMap<Integer, Hub> buses = new TreeMap<>();

    private UsbPorts(Working w) {
        this.w = w;
    }

    /**
     * Assigns USB ports.
     *
     * @param w the devices
     * @param always whether to assign even when some USB device has a port already (libvirt does
     *     this for new domains; for a definition it reloads it assigns only when all have one)
     */
    static void assign(Working w, boolean always) {
        List<Integer> users = w.positions(d -> DeviceBuses.of(d).need() instanceof BusNeed.Usb);
        if (!always && users.stream().anyMatch(p -> !hasPort(w.get(p)))) {
            return;
        }
        new UsbPorts(w).run(users);
    }

    private static boolean hasPort(DeviceDef d) {
        return d.address() instanceof Address.Usb u && u.port() != null;
    }

    /** How many ports a controller of a model has (companions none: their EHCI counts them). */
    static int ports(ControllerDef c) {
        return switch (c.model()) {
            case null -> 2;
            case PIIX3_UHCI, PIIX4_UHCI, VT82C686B_UHCI -> 2;
            case EHCI, ICH9_EHCI1 -> 6;
            case PCI_OHCI -> 3;
            case NEC_XHCI, QEMU_XHCI -> c.ports() == null ? 4 : c.ports();
            default -> 0;
        };
    }

    private void run(List<Integer> users) {
        int available = 0;
        boolean usb = false;
        for (int p : w.controllers(Type.USB)) {
            ControllerDef c = (ControllerDef) w.get(p);
            available += ports(c);
            usb |= c.model() != Model.USB_NONE;
        }
        available += HubDef.PORTS * w.positions(d -> d instanceof HubDef).size();
        if (!users.isEmpty() && !usb) {
            List<String> names = users.stream().map(p -> DeviceBuses.of(w.get(p)).what()).toList();
            throw new AddressException(Kind.CONFLICT, "USB is off in this definition (a USB controller of model "
                    + "'none'), but the " + String.join(", ", names) + " need" + (names.size() == 1 ? "s" : "")
                    + " it.");
        }
        if (users.size() > available) {
            int hubs = (users.size() - available + 1 + HubDef.PORTS - 2) / (HubDef.PORTS - 1);
            for (int i = 0; i < hubs; i++) {
                w.add(new HubDef(null));
            }
        }
        List<String> problems = new ArrayList<>();
        for (int p : w.controllers(Type.USB)) {
            ControllerDef c = (ControllerDef) w.get(p);
            int n = ports(c);
            if (n == 0) {
                continue;
            }
            if (buses.containsKey(c.index())) {
                problems.add("There is more than one USB controller with ports at index " + c.index() + ".");
                continue;
            }
            buses.put(c.index(), new Hub(n));
        }
        List<Integer> hubs = w.positions(d -> d instanceof HubDef);
        for (int p : hubs) {
            if (hasPort(w.get(p))) {
                addHub(p, problems);
            }
        }
        List<Integer> devices = w.positions(d -> DeviceBuses.of(d).need() instanceof BusNeed.Usb u
                && u.phase() != BusNeed.UsbPhase.HUB);
        devices.sort(Comparator.comparing(p -> ((BusNeed.Usb) DeviceBuses.of(w.get(p)).need()).phase()));
        for (int p : devices) {
            if (hasPort(w.get(p))) {
                String why = reserve((Address.Usb) w.get(p).address());
                if (why != null) {
                    problems.add("The " + DeviceBuses.of(w.get(p)).what() + ": " + why);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AddressException(Kind.CONFLICT, problems);
        }
        for (int p : hubs) {
            if (!hasPort(w.get(p))) {
                w.setAddress(p, assign(w.get(p)));
                addHub(p, problems);
            }
        }
        for (int p : devices) {
            if (!hasPort(w.get(p))) {
                w.setAddress(p, assign(w.get(p)));
            }
        }
        if (!problems.isEmpty()) {
            throw new AddressException(Kind.CONFLICT, problems);
        }
    }

    private void addHub(int p, List<String> problems) {
        Address.Usb a = (Address.Usb) w.get(p).address();
        Object found = find(a);
        if (found instanceof String why) {
            problems.add("The USB hub: " + why);
            return;
        }
        Place place = (Place) found;
        if (place.hub.hubs[place.port] != null) {
            problems.add("There are two USB hubs on bus " + a.bus() + " port " + a.port() + ".");
            return;
        }
        place.hub.used[place.port] = true;
        place.hub.hubs[place.port] = new Hub(HubDef.PORTS);
    }

    private record Place(Hub hub, int port) {
    }

    /** Finds the hub and port a USB address names, or says why it does not exist. */
    private Object find(Address.Usb a) {
        Hub hub = buses.get(a.bus());
        if (hub == null) {
            return "there is no USB bus " + a.bus() + ".";
        }
        int[] path = a.portPath();
        for (int i = 0; i < path.length - 1; i++) {
            if (path[i] > hub.hubs.length) {
                return "port " + path[i] + " is out of range in USB address bus " + a.bus() + " port " + a.port() + ".";
            }
            hub = hub.hubs[path[i] - 1];
            if (hub == null) {
                return "there is no hub at port " + path[i] + " in USB address bus " + a.bus() + " port " + a.port()
                        + ".";
            }
        }
        int last = path[path.length - 1] - 1;
        if (last >= hub.used.length) {
            return "USB bus " + a.bus() + " has no port " + a.port() + ".";
        }
        return new Place(hub, last);
    }

    private String reserve(Address.Usb a) {
        Object found = find(a);
        if (found instanceof String why) {
            return why;
        }
        Place place = (Place) found;
        if (place.hub.used[place.port]) {
            return "two devices use USB bus " + a.bus() + " port " + a.port() + ".";
        }
        place.hub.used[place.port] = true;
        return null;
    }

    private Address.Usb assign(DeviceDef d) {
        if (d.address() instanceof Address.Usb requested) {
            if (!buses.containsKey(requested.bus())) {
                throw new AddressException(Kind.CONFLICT, "The " + DeviceBuses.of(d).what() + " asks for USB bus "
                        + requested.bus() + ", but there is no USB controller with that index.");
            }
            Address.Usb got = freeOn(requested.bus());
            if (got != null) {
                return got;
            }
        } else {
            for (int bus : buses.keySet()) {
                Address.Usb got = freeOn(bus);
                if (got != null) {
                    return got;
                }
            }
        }
        throw new AddressException(Kind.FULL, "No USB port is free for the " + DeviceBuses.of(d).what() + ".");
    }

    private Address.Usb freeOn(int bus) {
        List<Integer> path = new ArrayList<>();
        if (!free(buses.get(bus), path, 0)) {
            return null;
        }
        StringBuilder port = new StringBuilder();
        for (int n : path) {
            port.append(port.isEmpty() ? "" : ".").append(n);
        }
        Address.Usb a = new Address.Usb(bus, port.toString());
        reserve(a);
        return a;
    }

    /** Libvirt's virDomainUSBAddressFindFreePort: a free port here, else one in a hub here, up to depth 4. */
    private static boolean free(Hub hub, List<Integer> path, int level) {
        for (int i = 0; i < hub.used.length; i++) {
            if (!hub.used[i]) {
                path.add(i + 1);
                return true;
            }
        }
        if (level >= 3) {
            return false;
        }
        for (int i = 0; i < hub.hubs.length; i++) {
            if (hub.hubs[i] == null) {
                continue;
            }
            path.add(i + 1);
            if (free(hub.hubs[i], path, level + 1)) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }
}
