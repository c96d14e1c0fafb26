package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.conf.domain.VideoDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders input devices, the graphics server and video adapters. Without graphics the
 * guest gets {@code -display none}. A VNC password is not on the command line: the argv
 * asks for one with {@code password=on} and the daemon sets it over QMP.
 */
final class DisplayArgs {

    /** Last VNC display QEMU may try for an automatic port (5900 + 100). */
    static final int AUTOPORT_LAST_DISPLAY = 100;

    private DisplayArgs() {
    }

    static void inputs(List<String> argv, Layout layout, Devices devs) {
        List<InputDef> inputs = devs.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            InputDef in = inputs.get(i);
            Opts o = switch (in.bus()) {
                case PS2 -> null; // the PC machines have a built-in i8042 PS/2 controller
                case USB -> {
                    String driver = switch (in.type()) {
                        case MOUSE -> "usb-mouse";
                        case TABLET -> "usb-tablet";
                        case KEYBOARD -> "usb-kbd";
                    };
                    yield layout.usb(Opts.of(driver).add("id", "input" + i), in.address());
                }
                case VIRTIO -> {
                    String driver = switch (in.type()) {
                        case MOUSE -> "virtio-mouse-pci";
                        case TABLET -> "virtio-tablet-pci";
                        case KEYBOARD -> "virtio-keyboard-pci";
                    };
                    yield layout.pci(Opts.of(driver).add("id", "input" + i), in.address());
                }
            };
            if (o != null) {
                argv.add("-device");
                argv.add(o.toString());
            }
        }
    }

    static void graphics(List<String> argv, Devices devs, LaunchContext ctx) {
        if (devs.graphics().isEmpty()) {
            argv.add("-display");
            argv.add("none");
            return;
        }
        String audiodev = null;
        for (AudioDef a : devs.audios()) {
            String id = "audio" + a.id();
            String driver = switch (a.type()) {
                case NONE -> "none";
            };
            argv.add("-audiodev");
            argv.add(Opts.empty().add("id", id).add("driver", driver).toString());
            if (audiodev == null) {
                audiodev = id;
            }
        }
        for (GraphicsDef g : devs.graphics()) {
            switch (g) {
                case GraphicsDef.Vnc v -> vnc(argv, v, audiodev, ctx);
            }
        }
    }

    private static void vnc(List<String> argv, GraphicsDef.Vnc v, String audiodev, LaunchContext ctx) {
        GraphicsDef.Listen.Type type = v.listen() == null ? GraphicsDef.Listen.Type.ADDRESS : v.listen().type();
        Opts o = switch (type) {
            case NONE -> Opts.of("none");
            case SOCKET -> {
                String socket = v.listen().socket() != null ? v.listen().socket()
                        : ctx.runDir().resolve("vnc.sock").toString();
                yield Opts.of("unix:" + socket);
            }
            case ADDRESS -> {
                String host = v.effectiveAddress() == null ? "127.0.0.1" : v.effectiveAddress();
                if (host.contains(":") && !host.startsWith("[")) {
                    host = "[" + host + "]";
                }
                if (v.isAutoport()) {
                    yield Opts.of(host + ":0").add("to", AUTOPORT_LAST_DISPLAY);
                }
                yield Opts.of(host + ":" + (v.port() - 5900));
            }
        };
        if (v.passwd() != null) {
            o.add("password", "on");
        }
        if (type != GraphicsDef.Listen.Type.NONE) {
            o.add("audiodev", audiodev);
        }
        argv.add("-vnc");
        argv.add(o.toString());
        if (v.keymap() != null) {
            argv.add("-k");
            argv.add(v.keymap());
        }
    }

    static void videos(List<String> argv, Layout layout, Devices devs) {
        List<VideoDef> ordered = new ArrayList<>();
        devs.videos().stream().filter(v -> Boolean.TRUE.equals(v.primary())).forEach(ordered::add);
        devs.videos().stream().filter(v -> !Boolean.TRUE.equals(v.primary())).forEach(ordered::add);
        for (int i = 0; i < ordered.size(); i++) {
            VideoDef v = ordered.get(i);
            boolean primary = i == 0;
            Integer vgamemMb = v.vram() == null ? null : Math.max(1, v.vram() / 1024);
            Opts o = switch (v.model()) {
                case VGA -> primaryOnly(primary, v, Opts.of("VGA").add("id", "video" + i).add("vgamem_mb", vgamemMb));
                case CIRRUS -> primaryOnly(primary, v, Opts.of("cirrus-vga").add("id", "video" + i));
                case QXL -> Opts.of(primary ? "qxl-vga" : "qxl").add("id", "video" + i)
                        .add("max_outputs", v.heads())
                        .add("ram_size", v.ram() == null ? null : (long) v.ram() * 1024)
                        .add("vram_size", v.vram() == null ? null : (long) v.vram() * 1024)
                        .add("vgamem_mb", v.vgamem() == null ? null : Math.max(1, v.vgamem() / 1024));
                case VIRTIO -> Opts.of(primary ? "virtio-vga" : "virtio-gpu-pci").add("id", "video" + i)
                        .add("max_outputs", v.heads());
                case BOCHS -> Opts.of("bochs-display").add("id", "video" + i)
                        .add("vgamem", v.vram() == null ? null : (long) v.vram() * 1024);
                case NONE -> null;
            };
            if (o != null) {
                argv.add("-device");
                argv.add(layout.pci(o, v.address()).toString());
            }
        }
    }

    private static Opts primaryOnly(boolean primary, VideoDef v, Opts o) {
        if (!primary) {
            throw new ArgvException(Kind.UNSUPPORTED,
                    "A video device of model '" + v.model().xml() + "' can only be the primary one.");
        }
        return o;
    }
}
