package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.InputDef;
import java.util.List;

/**
 * Renders input devices as libvirt's qemuBuildInputCommandLine does: PS/2 devices are built
 * into the PC; USB and virtio devices get a {@code -device}; an evdev input is an
 * {@code input-linux} object that reads a host event device.
 */
final class InputArgs {

    private InputArgs() {
    }

    static void add(List<String> argv, Layout layout, Devices devs) {
        List<InputDef> inputs = devs.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            InputDef in = inputs.get(i);
            String id = "input" + i;
            if (in.type() == InputDef.Type.EVDEV) {
                InputDef.Source s = in.source();
                argv.add("-object");
                argv.add(Opts.of("input-linux").add("id", id).add("evdev", s.path()).onOff("repeat", s.repeat())
                        .add("grab_all", s.grab() == null ? null : "on")
                        .add("grab-toggle", s.grabToggle() == null ? null : s.grabToggle().xml()).toString());
                continue;
            }
            Opts o = switch (in.bus()) {
                case PS2, NONE -> null; // the PC machines have a built-in i8042 PS/2 controller
                case USB -> layout.usb(Opts.of(switch (in.type()) {
                    case MOUSE -> "usb-mouse";
                    case TABLET -> "usb-tablet";
                    case KEYBOARD -> "usb-kbd";
                    case PASSTHROUGH, EVDEV -> throw new IllegalStateException(in.type() + " on usb passed validation");
                }).add("id", id), in.address());
                case VIRTIO -> layout.pci(NetArgs.virtio(Opts.of(switch (in.type()) {
                    case MOUSE -> "virtio-mouse-pci";
                    case TABLET -> "virtio-tablet-pci";
                    case KEYBOARD -> "virtio-keyboard-pci";
                    case PASSTHROUGH -> "virtio-input-host-pci";
                    case EVDEV -> throw new IllegalStateException("evdev on virtio passed validation");
                }), in.options()).add("id", id).add("evdev", in.type() == InputDef.Type.PASSTHROUGH ? in.source().path() : null),
                        in.address());
            };
            if (o != null) {
                argv.add("-device");
                argv.add(o.toString());
            }
        }
    }
}
