package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.ConsoleDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.ParallelDef;
import io.jvirt.conf.domain.SerialDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders serial ports, parallel ports, channels and virtio consoles as libvirt does (a
 * serial console is a view of the first serial port and has no device of its own). The
 * guest's primary console (the first serial port, or else the first virtio console) listens
 * at {@link LaunchContext#consoleSocket()} with a log, so the daemon can relay and record it;
 * other pty ports and unix ports without a path listen in the run directory.
 */
final class CharArgs {

    private CharArgs() {
    }

    static void add(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        List<SerialDef> serials = devs.serials();
        for (int i = 0; i < serials.size(); i++) {
            SerialDef s = serials.get(i);
            String id = "serial" + i;
            Chardevs.add(argv, "char" + id, s.source(), ctx.runDir().resolve(id + ".sock"), i == 0, ctx);
            Opts dev = switch (s.effectiveType()) {
                case ISA_SERIAL -> isa(Opts.of("isa-serial").add("chardev", "char" + id).add("id", id)
                        .add("index", s.port() == null ? i : s.port()), s.address());
                case ISA_DEBUG -> isa(Opts.of("isa-debugcon").add("chardev", "char" + id).add("id", id), s.address());
                case USB_SERIAL -> layout.usb(Opts.of("usb-serial").add("chardev", "char" + id).add("id", id),
                        s.address());
                case PCI_SERIAL -> layout.pci(Opts.of("pci-serial").add("chardev", "char" + id).add("id", id),
                        s.address());
            };
            argv.add("-device");
            argv.add(dev.toString());
        }
        List<ParallelDef> parallels = devs.parallels();
        for (int i = 0; i < parallels.size(); i++) {
            ParallelDef p = parallels.get(i);
            String id = "parallel" + i;
            Chardevs.add(argv, "char" + id, p.source(), ctx.runDir().resolve(id + ".sock"), false, ctx);
            argv.add("-device");
            argv.add(isa(Opts.of("isa-parallel").add("chardev", "char" + id).add("id", id), p.address()).toString());
        }
        channels(argv, layout, devs.channels(), ctx);
        List<ConsoleDef> consoles = devs.consoles();
        boolean primaryTaken = !serials.isEmpty();
        for (int i = 0; i < consoles.size(); i++) {
            ConsoleDef c = consoles.get(i);
            if (!c.isVirtio()) {
                continue; // a view of the first serial port
            }
            String id = "console" + i;
            Chardevs.add(argv, "char" + id, c.source(), ctx.runDir().resolve(id + ".sock"), !primaryTaken, ctx);
            primaryTaken = true;
            argv.add("-device");
            // like libvirt, no bus: QEMU puts a virtio console on the first virtio-serial bus
            argv.add(Opts.of("virtconsole").add("chardev", "char" + id).add("id", id).toString());
        }
    }

    private static void channels(List<String> argv, Layout layout, List<ChannelDef> channels, LaunchContext ctx) {
        Set<String> names = new HashSet<>();
        for (ChannelDef ch : channels) {
            String name = portName(ch);
            if (ch.source().type() == CharSource.Type.SPICEVMC && !ChannelDef.SPICE_AGENT.equals(name)) {
                throw new ArgvException(Kind.UNSUPPORTED, "A spicevmc channel carries the SPICE agent, whose port is "
                        + "named '" + ChannelDef.SPICE_AGENT + "', not '" + name + "'.");
            }
            // libvirt defines such a domain; QEMU refuses the second port of a name
            if (name != null && !names.add(name)) {
                throw new ArgvException(Kind.CONFLICT, "Two channels are named '" + name + "', but each virtio-serial "
                        + "port needs its own name; rename or remove one (a spicevmc and a qemu-vdagent channel are "
                        + "both the SPICE agent, com.redhat.spice.0).");
            }
        }
        for (int i = 0; i < channels.size(); i++) {
            ChannelDef ch = channels.get(i);
            String id = QemuArgv.channelDeviceId(i);
            String socketName = ch.name() != null ? ch.name() + ".sock" : id + ".sock";
            Chardevs.add(argv, "char" + id, ch.source(), ctx.runDir().resolve(socketName), false, ctx);
            switch (ch.target()) {
                case ChannelDef.Target.Guestfwd g -> {
                    argv.add("-netdev");
                    argv.add(Opts.of("user").add("guestfwd", "tcp:" + g.address() + ":" + g.port() + "-chardev:char"
                            + id).add("id", id).toString());
                }
                case ChannelDef.Target.Virtio v -> {
                    String name = portName(ch);
                    Opts o = Opts.of("virtserialport");
                    if (ch.address() instanceof Address.VirtioSerial a) {
                        o.add("bus", layout.controllerId(ControllerDef.Type.VIRTIO_SERIAL, a.controller()) + "." + a.bus()).add("nr", a.port() == 0 ? null
                                : a.port());
                    }
                    argv.add("-device");
                    argv.add(o.add("chardev", "char" + id).add("id", id).add("name", name).toString());
                }
            }
        }
    }

    /** The virtio-serial port name QEMU gets: the target name, for spicevmc the SPICE agent's by default. */
    private static String portName(ChannelDef ch) {
        if (ch.name() == null && ch.isVirtio() && ch.source().type() == CharSource.Type.SPICEVMC) {
            return ChannelDef.SPICE_AGENT;
        }
        return ch.name();
    }

    /** Adds an ISA device's {@code iobase} and {@code irq} from its address. */
    private static Opts isa(Opts o, Address a) {
        if (a instanceof Address.Isa isa) {
            o.add("iobase", isa.iobase() == null ? null : String.format("0x%x", isa.iobase()))
                    .add("irq", isa.irq() == null ? null : String.format("0x%x", isa.irq()));
        }
        return o;
    }
}
