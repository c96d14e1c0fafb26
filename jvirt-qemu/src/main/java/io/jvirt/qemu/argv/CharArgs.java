package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.ConsoleDef;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.SerialDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders serial ports, consoles and channels. The guest's primary console (the first
 * serial port, or else the first console) is always a listening socket at
 * {@link LaunchContext#consoleSocket()} with a log, so the daemon can relay and record it;
 * other pty and unix ports listen in the run directory, and a unix port in connect mode
 * connects to its source path.
 */
final class CharArgs {

    private CharArgs() {
    }

    static void add(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        List<SerialDef> serials = new ArrayList<>(devs.serials());
        List<ConsoleDef> virtioConsoles = new ArrayList<>();
        for (ConsoleDef c : devs.consoles()) {
            if (c.isVirtio()) {
                virtioConsoles.add(c);
            } else if (devs.serials().isEmpty()) {
                // without any <serial>, a serial console stands for one, as libvirt adds it
                if (c.port() != null && c.port() > 3) {
                    throw new ArgvException(Kind.CONFLICT, "The serial console on port " + c.port()
                            + " has no serial port to show; a PC has serial ports 0 to 3.");
                }
                serials.add(new SerialDef(c.source(), null, c.port(), null));
            }
        }
        for (int i = 0; i < serials.size(); i++) {
            SerialDef s = serials.get(i);
            String id = "charserial" + i;
            boolean primary = i == 0;
            chardev(argv, id, s.source(), primary, ctx.runDir().resolve("serial" + i + ".sock"), ctx);
            int index = s.port() == null ? i : s.port();
            Opts dev = switch (s.effectiveType()) {
                case ISA_SERIAL -> {
                    Opts o = Opts.of("isa-serial").add("chardev", id).add("id", "serial" + i).add("index", index);
                    if (s.address() instanceof Address.Isa isa) {
                        o.add("iobase", isa.iobase() == null ? null : String.format("0x%x", isa.iobase()))
                                .add("irq", isa.irq() == null ? null : String.format("0x%x", isa.irq()));
                    }
                    yield o;
                }
                case PCI_SERIAL -> layout.pci(Opts.of("pci-serial").add("chardev", id).add("id", "serial" + i),
                        s.address());
            };
            argv.add("-device");
            argv.add(dev.toString());
        }
        for (int i = 0; i < virtioConsoles.size(); i++) {
            ConsoleDef c = virtioConsoles.get(i);
            String id = "charconsole" + i;
            boolean primary = serials.isEmpty() && i == 0;
            chardev(argv, id, c.source(), primary, ctx.runDir().resolve("console" + i + ".sock"), ctx);
            argv.add("-device");
            // like libvirt, no bus: QEMU puts a virtio console on the first virtio-serial bus
            argv.add(Opts.of("virtconsole").add("chardev", id)
                    .add("id", "console" + i).toString());
        }
        List<ChannelDef> channels = devs.channels();
        for (int i = 0; i < channels.size(); i++) {
            ChannelDef ch = channels.get(i);
            String id = "charchannel" + i;
            chardev(argv, id, ch.source(), false, ctx.runDir().resolve(ch.name() + ".sock"), ctx);
            String bus = "virtio-serial0.0";
            Integer nr = null;
            if (ch.address() instanceof Address.VirtioSerial a) {
                if (layout.controller(ControllerDef.Type.VIRTIO_SERIAL, a.controller()) == null) {
                    throw new ArgvException(Kind.CONFLICT, "The channel '" + ch.name()
                            + "' is on virtio-serial controller " + a.controller() + ", which does not exist.");
                }
                bus = "virtio-serial" + a.controller() + "." + a.bus();
                nr = a.port() == 0 ? null : a.port();
            }
            argv.add("-device");
            argv.add(Opts.of("virtserialport").add("bus", bus).add("nr", nr).add("chardev", id)
                    .add("id", "channel" + i).add("name", ch.name()).toString());
        }
    }

    private static void chardev(List<String> argv, String id, CharSource s, boolean primary, Path defaultSocket,
                                LaunchContext ctx) {
        Opts o = switch (s.type()) {
            case FILE -> Opts.of("file").add("id", id).add("path", s.path());
            case PTY -> listen(id, primary ? ctx.consoleSocket() : defaultSocket);
            case UNIX -> {
                if (s.mode() == CharSource.Mode.CONNECT) {
                    if (s.path() == null) {
                        throw new ArgvException(Kind.CONFLICT,
                                "A unix character device in connect mode needs a <source path>.");
                    }
                    yield Opts.of("socket").add("id", id).add("path", s.path()).add("server", "off");
                }
                Path p = primary ? ctx.consoleSocket() : s.path() != null ? Path.of(s.path()) : defaultSocket;
                yield listen(id, p);
            }
        };
        if (s.log() != null) {
            o.add("logfile", s.log().file()).onOff("logappend", Boolean.TRUE.equals(s.log().append()));
        } else if (primary) {
            o.add("logfile", ctx.consoleLog()).add("logappend", "off");
        }
        argv.add("-chardev");
        argv.add(o.toString());
    }

    private static Opts listen(String id, Path path) {
        return Opts.of("socket").add("id", id).add("path", path).add("server", "on").add("wait", "off");
    }
}
