package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.Set;

/**
 * Reads the device options other than disks and network cards into a {@link GuestSpec}:
 * {@code --graphics}, {@code --video}, {@code --console}, {@code --serial}, {@code --channel},
 * {@code --rng}, {@code --memballoon}, {@code --controller}, {@code --input}, {@code --sound},
 * {@code --tpm}, {@code --watchdog}, each with virt-install's sub-options.
 *
 * @param g the guest being planned
 * @param p where problems go
 */
record DeviceOptions(GuestSpec g, Problems p) {
    private static final SubKey.Number GRAPHICS_PORT = SubKey.number(-1, 65535, "port");
    private static final SubKey.Number GRAPHICS_TLS_PORT = SubKey.number(-1, 65535, "tlsport");
    private static final SubKey.YesNo GRAPHICS_GL = SubKey.yesNo("gl.enable", "gl");
    private static final SubTable<XmlOut> VIDEO_MODEL = SubTable.element()
            .add(SubKey.number(0, Integer.MAX_VALUE, "heads", "model.heads"), SubTable.attr("heads"))
            .add(SubKey.number(0, Integer.MAX_VALUE, "vram", "model.vram"), SubTable.attr("vram"))
            .add(SubKey.number(0, Integer.MAX_VALUE, "ram", "model.ram"), SubTable.attr("ram"))
            .add(SubKey.number(0, Integer.MAX_VALUE, "vgamem", "model.vgamem"), SubTable.attr("vgamem"))
            .add(SubKey.yesNo("accel3d", "model.acceleration.accel3d"),
                    (m, v) -> m.child(XmlOut.element("acceleration").yesNo("accel3d", v)))
            .build();
    private static final SubKey.Number RNG_BYTES = SubKey.number(1, Integer.MAX_VALUE, "rate.bytes", "rate_bytes");
    private static final SubKey.Number RNG_PERIOD = SubKey.number(1, Integer.MAX_VALUE, "rate.period",
            "rate_period");
    private static final SubTable<XmlOut> RNG_EGD_SOURCE = SubTable.element()
            .add(SubKey.text("backend.source.mode", "backend_mode"), SubTable.attr("mode"))
            .add(SubKey.text("backend.source.host", "backend_host"), SubTable.attr("host"))
            .add(SubKey.text("backend.source.service", "backend_service"), SubTable.attr("service"))
            .add(SubKey.text("backend.source.path"), SubTable.attr("path"))
            .build();
    private static final SubTable<XmlOut> MEMBALLOON = SubTable.element()
            .add(SubKey.yesNo("autodeflate"), SubTable.onOff("autodeflate"))
            .add(SubKey.yesNo("freepagereporting"), SubTable.onOff("freePageReporting"))
            .add(SubKey.number(0, Integer.MAX_VALUE, "stats.period", "stats_period"),
                    SubTable.child("stats", "period"))
            .build();
    private static final SubKey.Number CONTROLLER_QUEUES = SubKey.number(1, 1024, "driver.queues");
    private static final SubKey.Choice INPUT_BUS = SubKey.oneOf(Set.of("usb", "virtio", "ps2"), "bus");
    private static final SubKey.Choice TPM_MODEL = SubKey.oneOf(Set.of("tpm-crb", "tpm-tis"), "model");
    private static final SubKey.Choice TPM_VERSION = SubKey.oneOf(Set.of("1.2", "2.0"), "version",
            "backend.version");
    private static final SubKey.Choice WATCHDOG_ACTION = SubKey.oneOf(
            Set.of("reset", "shutdown", "poweroff", "pause", "none", "dump", "inject-nmi"), "action");

    /** {@code --graphics none|vnc|spice,port=,listen=,password=,keymap=}. */
    void graphics(String text) {
        SubTable.read("--graphics", text, p, o -> graphics(o, o.main("vnc", "type")));
    }

    private void graphics(SubOptions o, String type) {
        if (type.equals("none")) {
            g.graphicsNone = true;
            return;
        }
        if (!type.equals("vnc") && !type.equals("spice")) {
            p.bad("--graphics '" + type + "' is not supported; use vnc, spice or none.");
            return;
        }
        Long port = GRAPHICS_PORT.read(o, p);
        String listen = o.get("listen");
        String password = o.get("password", "passwd");
        String keymap = o.get("keymap");
        Boolean gl = GRAPHICS_GL.read(o, p);
        XmlOut x = XmlOut.element("graphics").attr("type", type);
        if (type.equals("spice")) {
            g.spice = true;
            boolean auto = port == null || port == -1;
            Long tls = GRAPHICS_TLS_PORT.read(o, p);
            x.attr("port", auto ? -1 : port).attr("tlsPort", tls == null ? -1 : tls).attr("autoport", auto ? "yes" : null);
        } else {
            x.attr("port", port == null ? -1 : port);
        }
        x.attr("keymap", keymap);
        if (listen != null && !listen.equals("none") && !listen.equals("socket")) {
            x.attr("listen", listen);
        }
        x.attr("passwd", password);
        if ("none".equals(listen)) {
            x.child(XmlOut.element("listen").attr("type", "none"));
        } else if ("socket".equals(listen)) {
            x.child(XmlOut.element("listen").attr("type", "socket"));
        }
        if (Boolean.TRUE.equals(gl)) {
            g.gl = true;
            x.child(XmlOut.element("gl").yesNo("enable", true));
        }
        if (type.equals("spice")) {
            x.child(XmlOut.element("image").attr("compression", "off"));
        }
        g.add("graphics", x);
    }

    /** {@code --video MODEL|none,model.heads=,model.vram=,...}. */
    void video(String text) {
        SubTable.read("--video", text, p, o -> {
            String model = o.main(null, "model", "model.type");
            if ("none".equals(model)) {
                g.noVideo = true;
                return;
            }
            g.add("video", XmlOut.element("video").child(VIDEO_MODEL.fill(o, p, XmlOut.element("model")
                    .attr("type", model))));
        });
    }

    /**
     * {@code --console pty[,target.type=serial|virtio]} and {@code --serial pty|file,path=|unix,path=|
     * tcp,host=HOST:PORT,mode=bind|connect,protocol.type=telnet|raw|udp,...}.
     */
    void chardev(String option, String text) {
        SubTable.read("--" + option, text, p, o -> {
            String type = o.main("pty", "type");
            if (type.equals("none")) {
                g.noConsole = true;
                return;
            }
            XmlOut x = XmlOut.element(option).attr("type", type);
            CharSource.read(o, p, x, null);
            String target = o.get("target.type", "target_type");
            String port = o.get("target.port");
            if (target != null || port != null) {
                x.child(XmlOut.element("target").attr("type", target).attr("port", port));
            }
            if (!CharSource.TYPES.contains(type)) {
                p.bad("--" + option + " '" + type + "' is not supported; use pty, file,path=FILE, unix,path=SOCKET or "
                        + "tcp,host=HOST:PORT.");
            }
            g.add(option, x);
        });
    }

    /**
     * {@code --channel unix,target.type=virtio,name=NAME|spicevmc|qemu-vdagent,source.clipboard.copypaste=|pty,...|
     * tcp,host=,target.type=guestfwd,target.address=,target.port=|none}.
     */
    void channel(String text) {
        SubTable.read("--channel", text, p, o -> channel(o, o.main(null, "type")));
    }

    private void channel(SubOptions o, String type) {
        if ("none".equals(type)) {
            g.noChannel = true;
            return;
        }
        if (type == null) {
            p.bad("--channel needs a type: unix, pty or spicevmc.");
            return;
        }
        XmlOut x = XmlOut.element("channel").attr("type", type);
        CharSource.read(o, p, x, type.equals("unix") ? "bind" : null);
        if (!CharSource.TYPES.contains(type)) {
            p.bad("--channel '" + type + "' is not supported; use unix, pty, tcp, spicevmc or qemu-vdagent.");
        }
        String targetType = o.get("target.type", "target_type");
        String name = o.get("name", "target.name");
        String address = o.get("target.address");
        String port = o.get("target.port");
        if (type.equals("spicevmc") || type.equals("qemu-vdagent")) {
            g.spicevmcChannel |= type.equals("spicevmc");
            targetType = targetType == null ? "virtio" : targetType;
            name = name == null ? "com.redhat.spice.0" : name;
        }
        if (targetType == null) {
            targetType = "virtio";
        }
        if (name == null && type.equals("unix")) {
            name = "org.qemu.guest_agent.0";
        }
        x.child(XmlOut.element("target").attr("type", targetType).attr("name", name).attr("address", address)
                .attr("port", port));
        g.add("channel", x);
    }

    /** {@code --rng /dev/urandom|builtin|egd,backend.type=tcp,backend.source.host=,...|none}. */
    void rng(String text) {
        SubTable.read("--rng", text, p, this::rng);
    }

    private void rng(SubOptions o) {
        String type = o.get("type", "backend.model");
        String bare = o.bare();
        String device = o.get("device", "backend");
        if (bare != null) {
            if (bare.startsWith("/")) {
                device = bare;
            } else {
                type = bare;
            }
        }
        if ("none".equals(type)) {
            g.noRng = true;
            return;
        }
        XmlOut x = XmlOut.element("rng").attr("model", "virtio");
        Long bytes = RNG_BYTES.read(o, p);
        Long period = RNG_PERIOD.read(o, p);
        if (bytes != null || period != null) {
            x.child(XmlOut.element("rate").attr("bytes", bytes).attr("period", period));
        }
        if ("builtin".equals(type)) {
            x.child(XmlOut.element("backend").attr("model", "builtin"));
        } else if (type == null || type.equals("random")) {
            x.child(XmlOut.element("backend").attr("model", "random").text(device == null ? "/dev/urandom" : device));
        } else if (type.equals("egd")) {
            // an EGD daemon reached through a character device: backend.type=tcp|udp|unix|... with backend.source.*
            String chr = o.get("backend.type", "backend_type");
            XmlOut b = XmlOut.element("backend").attr("model", "egd").attr("type", chr == null ? "tcp" : chr);
            XmlOut src = RNG_EGD_SOURCE.fill(o, p, XmlOut.element("source"));
            b.child(src.isEmpty() ? null : src);
            String protocol = o.get("backend.protocol.type");
            b.child(protocol == null ? null : XmlOut.element("protocol").attr("type", protocol));
            x.child(b);
        } else {
            p.bad("--rng '" + type + "' is not supported; use a device path such as /dev/urandom, builtin, egd or "
                    + "none.");
        }
        g.add("rng", x);
    }

    /** {@code --memballoon virtio|none,autodeflate=,stats.period=,freePageReporting=}. */
    void memballoon(String text) {
        SubTable.read("--memballoon", text, p, o -> {
            String model = o.main("virtio", "model");
            if (model.equals("none")) {
                g.noMemballoon = true;
            }
            g.add("memballoon", MEMBALLOON.fill(o, p, XmlOut.element("memballoon").attr("model", model)));
        });
    }

    /** {@code --controller usb2|usb3|type=usb,model=...|type=scsi,model=virtio-scsi|type=pci,...}. */
    void controller(String text) {
        SubTable.read("--controller", text, p, this::controller);
    }

    private void controller(SubOptions o) {
        String type = o.get("type");
        String model = o.get("model");
        String bare = o.bare();
        if ("usb2".equals(bare)) {
            g.usbController = true;
            g.add("controller", XmlOut.element("controller").attr("type", "usb").attr("model", "ich9-ehci1"));
            for (int i = 1; i <= 3; i++) {
                g.add("controller", XmlOut.element("controller").attr("type", "usb").attr("model", "ich9-uhci" + i)
                        .child(XmlOut.element("master").attr("startport", (i - 1) * 2)));
            }
            return;
        }
        if ("usb3".equals(bare)) {
            type = "usb";
            model = "qemu-xhci";
        } else if (bare != null) {
            if (bare.equals("none")) {
                type = "usb";
                model = "none";
            } else {
                type = bare;
            }
        }
        if (type == null) {
            p.bad("--controller needs a type, such as type=usb,model=qemu-xhci or usb3.");
            return;
        }
        XmlOut x = XmlOut.element("controller").attr("type", type).attr("index", o.get("index")).attr("model", model);
        if (type.equals("usb")) {
            g.usbController = true;
            if ("none".equals(model)) {
                g.usbDisabled = true;
            }
            if ("usb3".equals(bare)) {
                x.attr("ports", 15);
            }
        } else if (type.equals("pci")) {
            g.pciController = true;
        } else if (type.equals("scsi")) {
            g.scsiController = true;
        }
        x.attr("vectors", o.get("vectors"));
        String startport = o.get("master.startport", "master");
        if (startport != null) {
            x.child(XmlOut.element("master").attr("startport", startport));
        }
        Long queues = CONTROLLER_QUEUES.read(o, p);
        if (queues != null) {
            x.child(XmlOut.element("driver").attr("queues", queues));
        }
        g.add("controller", x);
    }

    /** {@code --input tablet|keyboard|mouse,bus=usb|virtio|ps2}. */
    void input(String text) {
        SubTable.read("--input", text, p, o -> {
            String type = o.main(null, "type");
            if ("none".equals(type)) {
                g.noInput = true;
                return;
            }
            if (type == null || !Set.of("tablet", "keyboard", "mouse").contains(type)) {
                p.bad("--input '" + type + "' is not supported; use tablet, keyboard or mouse.");
                return;
            }
            String bus = INPUT_BUS.read(o, p);
            g.add("input", XmlOut.element("input").attr("type", type).attr("bus", bus != null ? bus
                    : type.equals("tablet") ? "usb" : "ps2"));
        });
    }

    /** {@code --sound MODEL|none}. */
    void sound(String text) {
        SubTable.read("--sound", text, p, o -> {
            String model = o.main("ich9", "model");
            if (model.equals("none")) {
                g.noSound = true;
                return;
            }
            if (model.equals("default")) {
                model = g.q35() ? "ich9" : "ich6";
            }
            String audio = o.get("audio.id");
            g.add("sound", XmlOut.element("sound").attr("model", model)
                    .child(audio == null ? null : XmlOut.element("audio").attr("id", audio)));
        });
    }

    /** {@code --tpm emulator,model=tpm-crb|tpm-tis,version=2.0|none}. */
    void tpm(String text) {
        SubTable.read("--tpm", text, p, o -> {
            String type = o.get("type", "backend.type");
            String bare = o.bare();
            if (bare != null) {
                type = bare;
            }
            type = type == null ? "emulator" : type;
            if (type.equals("none")) {
                g.noTpm = true;
                return;
            }
            if (!type.equals("emulator")) {
                p.bad("--tpm '" + type + "' is not supported by jvirt install; use emulator (swtpm) or none.");
            }
            String model = TPM_MODEL.read(o, p);
            String version = TPM_VERSION.read(o, p);
            g.add("tpm", XmlOut.element("tpm").attr("model", model != null ? model : "tpm-crb")
                    .child(XmlOut.element("backend").attr("type", "emulator").attr("version", version)));
        });
    }

    /** {@code --watchdog MODEL,action=ACTION}. */
    void watchdog(String text) {
        SubTable.read("--watchdog", text, p, o -> {
            String model = o.main("i6300esb", "model");
            if (model.equals("default")) {
                model = "i6300esb";
            }
            if (!Set.of("i6300esb", "ib700", "itco", "diag288").contains(model)) {
                p.bad("--watchdog '" + model + "' is not known; use i6300esb, ib700 or itco.");
            }
            String action = WATCHDOG_ACTION.read(o, p);
            g.add("watchdog", XmlOut.element("watchdog").attr("model", model).attr("action", action != null ? action
                    : "reset"));
        });
    }
}
