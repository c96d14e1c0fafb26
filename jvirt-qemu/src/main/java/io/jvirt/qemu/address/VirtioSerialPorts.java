package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

/**
 * Ports on virtio-serial controllers as libvirt's qemuDomainAssignVirtioSerialAddresses gives
 * them: ports in use are reserved; then virtio consoles (which may take port 0, and keep no
 * address in the definition) and channels get the first free port of the lowest controller,
 * port 1 and up for channels. When every controller is full, one is added.
 */
final class VirtioSerialPorts {

    /** libvirt's port count of a virtio-serial controller without {@code ports}. */
    static final int DEFAULT_PORTS = 31;

    private final Working w;
    /** Ports in use, per controller index (sorted). */
    private final TreeMap<Integer, BitSet> used = new TreeMap<>();
    private final TreeMap<Integer, Integer> size = new TreeMap<>();

    private VirtioSerialPorts(Working w) {
        this.w = w;
    }

    static void assign(Working w) {
        new VirtioSerialPorts(w).run();
    }

    private void run() {
        for (int p : w.controllers(Type.VIRTIO_SERIAL)) {
            addController((ControllerDef) w.get(p));
        }
        List<String> problems = new ArrayList<>();
        for (DeviceDef d : w.devices()) {
            if (d.address() instanceof Address.VirtioSerial a && a.port() != 0) {
                String why = reserve(a);
                if (why != null) {
                    problems.add("The " + DeviceBuses.of(d).what() + ": " + why);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AddressException(Kind.CONFLICT, problems);
        }
        for (boolean consoles : new boolean[] {true, false}) {
            for (int p = 0; p < w.size(); p++) {
                DeviceDef d = w.get(p);
                if (!(DeviceBuses.of(d).need() instanceof BusNeed.VirtioSerial need) || need.console() != consoles) {
                    continue;
                }
                if (d.address() instanceof Address.VirtioSerial a && a.port() != 0) {
                    continue;
                }
                Address.VirtioSerial got;
                if (d.address() instanceof Address.VirtioSerial a) {
                    got = nextOn(a.controller(), DeviceBuses.of(d).what());
                } else {
                    got = next(consoles);
                }
                reserve(got);
                if (!consoles) {
                    w.setAddress(p, got);
                }
            }
        }
    }

    private void addController(ControllerDef c) {
        int ports = c.ports() == null ? DEFAULT_PORTS : c.ports();
        used.put(c.index(), new BitSet(ports));
        size.put(c.index(), ports);
    }

    private String reserve(Address.VirtioSerial a) {
        BitSet map = used.get(a.controller());
        if (map == null) {
            return "virtio-serial controller " + a.controller() + " does not exist.";
        }
        if (a.port() >= size.get(a.controller())) {
            return "virtio-serial controller " + a.controller() + " has no port " + a.port() + ".";
        }
        if (map.get(a.port())) {
            return "port " + a.port() + " of virtio-serial controller " + a.controller() + " is already in use.";
        }
        map.set(a.port());
        return null;
    }

    /** The first free port on the lowest controller that has one; port 0 only for a console. */
    private Address.VirtioSerial next(boolean allowZero) {
        int start = allowZero ? 0 : 1;
        for (var e : used.entrySet()) {
            int port = e.getValue().nextClearBit(start);
            if (port < size.get(e.getKey())) {
                return new Address.VirtioSerial(e.getKey(), 0, port);
            }
        }
        int index = 0;
        while (w.hasController(Type.VIRTIO_SERIAL, index)) {
            index++;
        }
        if (index > 255) {
            throw new AddressException(Kind.FULL, "Every port of the 256 virtio-serial controllers is in use.");
        }
        ControllerDef added = ControllerDef.of(Type.VIRTIO_SERIAL, index, null);
        w.add(added);
        addController(added);
        return new Address.VirtioSerial(index, 0, start);
    }

    /** The first free port from 1 on a given controller. */
    private Address.VirtioSerial nextOn(int controller, String what) {
        BitSet map = used.get(controller);
        if (map == null) {
            throw new AddressException(Kind.CONFLICT, "The " + what + " is on virtio-serial controller " + controller
                    + ", which does not exist.");
        }
        int port = map.nextClearBit(1);
        if (port >= size.get(controller)) {
            throw new AddressException(Kind.FULL, "The " + what + " is on virtio-serial controller " + controller
                    + ", which has no free port left.");
        }
        return new Address.VirtioSerial(controller, 0, port);
    }
}
