package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Set;

/**
 * Reads the device options other than disks and network cards into a {@link GuestSpec}:
 * {@code --graphics}, {@code --video}, {@code --console}, {@code --serial}, {@code --channel},
 * {@code --rng}, {@code --memballoon}, {@code --controller}, {@code --input}, {@code --sound},
 * {@code --tpm}, {@code --watchdog}, each with virt-install's sub-options.
 */
final class DeviceOptions {
    private final GuestSpec g;
    private final Problems p;

    DeviceOptions(GuestSpec g, Problems p) {
        this.g = g;
        this.p = p;
    }

    /** {@code --graphics none|vnc|spice,port=,listen=,password=,keymap=}. */
    void graphics(String text) {
        SubOptions o = SubOptions.parse("--graphics", text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare != null ? bare : "vnc";
        if (type.equals("none")) {
            g.graphicsNone = true;
            o.reportUnused(p);
            return;
        }
        if (!type.equals("vnc") && !type.equals("spice")) {
            p.bad("--graphics '" + type + "' is not supported; use vnc, spice or none.");
            o.reportUnused(p);
            return;
        }
        Long port = o.number(p, -1, 65535, "port");
        String listen = o.get("listen");
        String password = o.get("password", "passwd");
        String keymap = o.get("keymap");
        Boolean gl = o.bool(p, "gl.enable", "gl");
        XmlOut x = XmlOut.element("graphics").attr("type", type);
        if (type.equals("spice")) {
            g.spice = true;
            boolean auto = port == null || port == -1;
            Long tls = o.number(p, -1, 65535, "tlsport");
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
        o.reportUnused(p);
        g.add("graphics", x);
    }

    /** {@code --video MODEL|none,model.heads=,model.vram=,...}. */
    void video(String text) {
        SubOptions o = SubOptions.parse("--video", text);
        String model = o.get("model", "model.type");
        String bare = o.bare();
        model = model != null ? model : bare;
        if ("none".equals(model)) {
            g.noVideo = true;
            o.reportUnused(p);
            return;
        }
        XmlOut m = XmlOut.element("model").attr("type", model);
        for (String a : List.of("heads", "vram", "ram", "vgamem")) {
            Long v = o.number(p, 0, Integer.MAX_VALUE, a, "model." + a);
            m.attr(a, v);
        }
        Boolean accel = o.bool(p, "accel3d", "model.acceleration.accel3d");
        if (accel != null) {
            m.child(XmlOut.element("acceleration").yesNo("accel3d", accel));
        }
        o.reportUnused(p);
        g.add("video", XmlOut.element("video").child(m));
    }

    /**
     * {@code --console pty[,target.type=serial|virtio]} and {@code --serial pty|file,path=|unix,path=|
     * tcp,host=HOST:PORT,mode=bind|connect,protocol.type=telnet|raw|udp,...}.
     */
    void chardev(String option, String text) {
        SubOptions o = SubOptions.parse("--" + option, text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare != null ? bare : "pty";
        if (type.equals("none")) {
            g.noConsole = true;
            o.reportUnused(p);
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
        o.reportUnused(p);
        g.add(option, x);
    }

    /**
     * {@code --channel unix,target.type=virtio,name=NAME|spicevmc|qemu-vdagent,source.clipboard.copypaste=|pty,...|
     * tcp,host=,target.type=guestfwd,target.address=,target.port=|none}.
     */
    void channel(String text) {
        SubOptions o = SubOptions.parse("--channel", text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare;
        if ("none".equals(type)) {
            g.noChannel = true;
            o.reportUnused(p);
            return;
        }
        if (type == null) {
            p.bad("--channel needs a type: unix, pty or spicevmc.");
            o.reportUnused(p);
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
        o.reportUnused(p);
        g.add("channel", x);
    }

    /** {@code --rng /dev/urandom|builtin|egd,backend.type=tcp,backend.source.host=,...|none}. */
    void rng(String text) {
        SubOptions o = SubOptions.parse("--rng", text);
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
            o.reportUnused(p);
            return;
        }
        XmlOut x = XmlOut.element("rng").attr("model", "virtio");
        Long bytes = o.number(p, 1, Integer.MAX_VALUE, "rate.bytes", "rate_bytes");
        Long period = o.number(p, 1, Integer.MAX_VALUE, "rate.period", "rate_period");
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
            XmlOut src = XmlOut.element("source").attr("mode", o.get("backend.source.mode", "backend_mode"))
                    .attr("host", o.get("backend.source.host", "backend_host"))
                    .attr("service", o.get("backend.source.service", "backend_service"))
                    .attr("path", o.get("backend.source.path"));
            b.child(src.isEmpty() ? null : src);
            String protocol = o.get("backend.protocol.type");
            b.child(protocol == null ? null : XmlOut.element("protocol").attr("type", protocol));
            x.child(b);
        } else {
            p.bad("--rng '" + type + "' is not supported; use a device path such as /dev/urandom, builtin, egd or "
                    + "none.");
        }
        o.reportUnused(p);
        g.add("rng", x);
    }

    /** {@code --memballoon virtio|none,autodeflate=,stats.period=,freePageReporting=}. */
    void memballoon(String text) {
        SubOptions o = SubOptions.parse("--memballoon", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare != null ? bare : "virtio";
        XmlOut x = XmlOut.element("memballoon").attr("model", model);
        if (model.equals("none")) {
            g.noMemballoon = true;
        }
        x.onOff("autodeflate", o.bool(p, "autodeflate"));
        x.onOff("freePageReporting", o.bool(p, "freepagereporting"));
        Long period = o.number(p, 0, Integer.MAX_VALUE, "stats.period", "stats_period");
        if (period != null) {
            x.child(XmlOut.element("stats").attr("period", period));
        }
        o.reportUnused(p);
        g.add("memballoon", x);
    }

    /** {@code --controller usb2|usb3|type=usb,model=...|type=scsi,model=virtio-scsi|type=pci,...}. */
    void controller(String text) {
        SubOptions o = SubOptions.parse("--controller", text);
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
            o.reportUnused(p);
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
            o.reportUnused(p);
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
        Long queues = o.number(p, 1, 1024, "driver.queues");
        if (queues != null) {
            x.child(XmlOut.element("driver").attr("queues", queues));
        }
        o.reportUnused(p);
        g.add("controller", x);
    }

    /** {@code --input tablet|keyboard|mouse,bus=usb|virtio|ps2}. */
    void input(String text) {
        SubOptions o = SubOptions.parse("--input", text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare;
        if ("none".equals(type)) {
            g.noInput = true;
            o.reportUnused(p);
            return;
        }
        if (type == null || !Set.of("tablet", "keyboard", "mouse").contains(type)) {
            p.bad("--input '" + type + "' is not supported; use tablet, keyboard or mouse.");
            o.reportUnused(p);
            return;
        }
        String bus = o.oneOf(p, Set.of("usb", "virtio", "ps2"), "bus");
        o.reportUnused(p);
        g.add("input", XmlOut.element("input").attr("type", type).attr("bus", bus != null ? bus
                : type.equals("tablet") ? "usb" : "ps2"));
    }

    /** {@code --sound MODEL|none}. */
    void sound(String text) {
        SubOptions o = SubOptions.parse("--sound", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare != null ? bare : "ich9";
        if (model.equals("none")) {
            g.noSound = true;
            o.reportUnused(p);
            return;
        }
        if (model.equals("default")) {
            model = g.q35() ? "ich9" : "ich6";
        }
        String audio = o.get("audio.id");
        XmlOut x = XmlOut.element("sound").attr("model", model);
        if (audio != null) {
            x.child(XmlOut.element("audio").attr("id", audio));
        }
        o.reportUnused(p);
        g.add("sound", x);
    }

    /** {@code --tpm emulator,model=tpm-crb|tpm-tis,version=2.0|none}. */
    void tpm(String text) {
        SubOptions o = SubOptions.parse("--tpm", text);
        String type = o.get("type", "backend.type");
        String bare = o.bare();
        if (bare != null) {
            type = bare;
        }
        type = type == null ? "emulator" : type;
        if (type.equals("none")) {
            g.noTpm = true;
            o.reportUnused(p);
            return;
        }
        if (!type.equals("emulator")) {
            p.bad("--tpm '" + type + "' is not supported by jvirt install; use emulator (swtpm) or none.");
        }
        String model = o.oneOf(p, Set.of("tpm-crb", "tpm-tis"), "model");
        String version = o.oneOf(p, Set.of("1.2", "2.0"), "version", "backend.version");
        o.reportUnused(p);
        g.add("tpm", XmlOut.element("tpm").attr("model", model != null ? model : "tpm-crb")
                .child(XmlOut.element("backend").attr("type", "emulator").attr("version", version)));
    }

    /** {@code --watchdog MODEL,action=ACTION}. */
    void watchdog(String text) {
        SubOptions o = SubOptions.parse("--watchdog", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare != null ? bare : "i6300esb";
        if (model.equals("default")) {
            model = "i6300esb";
        }
        if (!Set.of("i6300esb", "ib700", "itco", "diag288").contains(model)) {
            p.bad("--watchdog '" + model + "' is not known; use i6300esb, ib700 or itco.");
        }
        String action = o.oneOf(p, Set.of("reset", "shutdown", "poweroff", "pause", "none", "dump", "inject-nmi"),
                "action");
        o.reportUnused(p);
        g.add("watchdog", XmlOut.element("watchdog").attr("model", model).attr("action", action != null ? action
                : "reset"));
    }
}
