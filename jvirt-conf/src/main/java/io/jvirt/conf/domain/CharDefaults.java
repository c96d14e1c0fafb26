package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What libvirt fills in for the character devices of an x86 domain when it parses one
 * (virDomainChrIsaSerialDefPostParse, qemuDomainChrDefPostParse, virDomainChrDefPostParse,
 * virDomainDefAddConsoleCompat):
 * <ul>
 *   <li>serial ports get the target type isa-serial and the model of their type; an
 *       isa-serial port without a number gets the lowest free ISA port, others the number
 *       after the highest one so far;</li>
 *   <li>parallel ports without a number get the one after the previous port's;</li>
 *   <li>consoles are numbered by position; the first console without a target type is a
 *       serial console, which is a view of the first serial port: without a serial port, the
 *       console makes one; with one, the console shows its source and number; a first ISA
 *       serial port without a console gets one.</li>
 * </ul>
 */
final class CharDefaults {

    private CharDefaults() {
    }

    /**
     * Fills in the defaults.
     *
     * @param devices the parsed devices
     * @return the devices with the character devices completed, other devices unchanged
     */
    static List<DeviceDef> apply(List<DeviceDef> devices) {
        List<DeviceDef> others = new ArrayList<>();
        List<SerialDef> serials = new ArrayList<>();
        List<ParallelDef> parallels = new ArrayList<>();
        List<ConsoleDef> consoles = new ArrayList<>();
        for (DeviceDef d : devices) {
            if (d instanceof SerialDef s) {
                serials.add(s);
            } else if (d instanceof ParallelDef p) {
                parallels.add(p);
            } else if (d instanceof ConsoleDef c) {
                consoles.add(c);
            } else {
                others.add(d);
            }
        }
        if (serials.isEmpty() && parallels.isEmpty() && consoles.isEmpty()) {
            return devices;
        }
        serials = serials(serials);
        for (int i = 0; i < parallels.size(); i++) {
            if (parallels.get(i).port() == null) {
                int max = parallels.subList(0, i).stream().mapToInt(ParallelDef::port).max().orElse(-1);
                parallels.set(i, parallels.get(i).withPort(max + 1));
            }
        }
        consoles = consoles(consoles, serials);
        List<DeviceDef> out = new ArrayList<>(others);
        out.addAll(serials);
        out.addAll(parallels);
        out.addAll(consoles);
        return out;
    }

    private static List<SerialDef> serials(List<SerialDef> in) {
        List<SerialDef> serials = new ArrayList<>(in);
        BitSet usedIsa = new BitSet(4);
        for (SerialDef s : serials) {
            if (s.targetType() == SerialDef.TargetType.ISA_SERIAL && s.port() != null) {
                usedIsa.set(s.port());
            }
        }
        // explicit isa-serial ports first take the lowest free ISA port numbers
        for (int i = 0; i < serials.size(); i++) {
            SerialDef s = serials.get(i);
            if (s.targetType() == SerialDef.TargetType.ISA_SERIAL && s.port() == null) {
                int port = usedIsa.nextClearBit(0);
                if (port > 3) {
                    throw new ConfException(Kind.INVALID_VALUE, "A PC has at most 4 ISA serial ports.");
                }
                usedIsa.set(port);
                serials.set(i, s.withPort(port));
            }
        }
        for (int i = 0; i < serials.size(); i++) {
            SerialDef s = serials.get(i).withTargetDefaults();
            if (s.port() == null) {
                int max = -1;
                for (SerialDef other : serials) {
                    if (other.port() != null) {
                        max = Math.max(max, other.port());
                    }
                }
                s = s.withPort(max + 1);
            }
            serials.set(i, s);
        }
        long isa = serials.stream().filter(s -> s.targetType() == SerialDef.TargetType.ISA_SERIAL).count();
        if (isa > 4) {
            throw new ConfException(Kind.INVALID_VALUE, "A PC has at most 4 ISA serial ports, but " + isa
                    + " are defined.");
        }
        return serials;
    }

    private static List<ConsoleDef> consoles(List<ConsoleDef> in, List<SerialDef> serials) {
        List<ConsoleDef> consoles = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            ConsoleDef c = in.get(i);
            ConsoleDef.TargetType type = c.targetType() == null ? ConsoleDef.TargetType.SERIAL : c.targetType();
            if (i > 0 && type == ConsoleDef.TargetType.SERIAL) {
                throw new ConfException(Kind.CONFLICT, "Only the first console can be a serial console; give the "
                        + "others <target type='virtio'>.");
            }
            // libvirt numbers consoles by position; a given number is kept, so that a console
            // added in front of it (below) does not renumber it on the next read
            consoles.add(c.with(c.source(), type, c.port() != null ? c.port() : i));
        }
        if (!consoles.isEmpty() && consoles.getFirst().targetType() == ConsoleDef.TargetType.SERIAL) {
            if (serials.isEmpty()) {
                ConsoleDef c = consoles.getFirst();
                serials.add(new SerialDef(c.source(), null, 0, null).withTargetDefaults());
            }
            SerialDef first = serials.getFirst();
            consoles.set(0, consoles.getFirst().with(first.source(), ConsoleDef.TargetType.SERIAL, first.port()));
        } else if (!serials.isEmpty() && serials.getFirst().targetType() == SerialDef.TargetType.ISA_SERIAL) {
            SerialDef first = serials.getFirst();
            consoles.addFirst(new ConsoleDef(first.source(), ConsoleDef.TargetType.SERIAL, first.port()));
        }
        return consoles;
    }

    /**
     * Refuses a unix socket without a path: only a virtio channel gets one made for it.
     *
     * @param source the source of the device
     * @param what the kind of device, for the message
     */
    static void requireSocketPath(CharSource source, String what) {
        if (source.backend() instanceof CharBackend.Unix u && u.path() == null) {
            throw new ConfException(Kind.MISSING_VALUE, "A unix " + what + " needs a <source path>; only a virtio "
                    + "channel gets a socket made for it.");
        }
    }

    /**
     * Refuses spicevmc, which only virtio channels, smartcards and USB redirection take, and
     * checks the socket path.
     *
     * @param source the source of the device
     * @param what the kind of device, for the message
     */
    static void plainCharDevice(CharSource source, String what) {
        requireSocketPath(source, what);
        if (source.type() == CharSource.Type.SPICEVMC) {
            throw new ConfException(Kind.CONFLICT, "A " + what + " cannot be of type 'spicevmc'; spicevmc is for "
                    + "virtio channels, smartcards and USB redirection.");
        }
    }
}
