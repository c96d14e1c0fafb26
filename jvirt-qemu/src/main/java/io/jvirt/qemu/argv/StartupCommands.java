package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskTarget;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.IoTune;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.conf.domain.NetBackend;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QMP commands that finish a domain's set-up between QEMU's start (paused, {@code -S})
 * and {@code cont}: what the command line must not carry (a VNC password would show in
 * {@code ps}) or cannot express (the balloon target and statistics period, a card's link
 * state). A pure
 * function of the definition, like {@link QemuArgv}.
 */
public final class StartupCommands {
    private StartupCommands() {
    }

    /** One QMP command with its arguments. */
    public record QmpCall(String command, Map<String, Object> arguments) { }

    /** The commands to run before {@code cont}, in order. */
    public static List<QmpCall> of(DomainDef def) {
        List<QmpCall> out = new ArrayList<>();
        for (GraphicsDef g : def.devices().graphics()) {
            switch (g) {
                case GraphicsDef.Vnc vnc -> password(out, "vnc", vnc.auth());
                case GraphicsDef.Spice spice -> password(out, "spice", spice.auth());
                case GraphicsDef.Sdl s -> {
                    // no password
                }
                case GraphicsDef.EglHeadless e -> {
                    // no password
                }
                case GraphicsDef.Dbus d -> {
                    // no password
                }
            }
        }
        List<io.jvirt.conf.domain.InterfaceDef> nics = def.devices().interfaces();
        for (int i = 0; i < nics.size(); i++) {
            // a card of type hostdev is a VFIO device without a QEMU link
            if (!nics.get(i).linkUp() && !(nics.get(i).backend() instanceof NetBackend.Hostdev)) {
                out.add(new QmpCall("set_link", args("name", QemuArgv.nicId(nics.get(i), i), "up", false)));
            }
        }
        disks(def, out);
        MemballoonDef balloon = def.devices().memballoon();
        boolean hasBalloon = balloon == null || balloon.model().virtio() != null;
        if (hasBalloon && def.currentMemoryKiB() < def.memoryKiB()) {
            out.add(new QmpCall("balloon", args("value", def.currentMemoryKiB() * 1024)));
        }
        if (hasBalloon && balloon != null && balloon.statsPeriod() != null) {
            out.add(new QmpCall("qom-set", args("path", "/machine/peripheral/balloon0",
                    "property", "guest-stats-polling-interval", "value", balloon.statsPeriod())));
        }
        return out;
    }

    /**
     * I/O limits go through {@code block_set_io_throttle} (libvirt does the same for QEMU 7.2),
     * and a drive whose tray the definition opens gets {@code blockdev-open-tray}.
     */
    private static void disks(DomainDef def, List<QmpCall> out) {
        Layout layout = null;
        for (DiskDef d : def.devices().disks()) {
            IoTune t = d.iotune();
            boolean tray = d.target().tray() == DiskTarget.Tray.OPEN;
            if ((t == null || !t.hasLimits()) && !tray) {
                continue;
            }
            if (layout == null) {
                layout = Layout.of(def);
            }
            String id = DiskArgs.deviceId(layout, d);
            if (t != null && t.hasLimits()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", id);
                for (String name : List.of("bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr")) {
                    a.put(name, 0L);
                }
                t.limits().forEach((name, value) -> a.put(qmpName(name), value));
                if (t.groupName() != null) {
                    a.put("group", t.groupName());
                }
                out.add(new QmpCall("block_set_io_throttle", a));
            }
            if (tray) {
                out.add(new QmpCall("blockdev-open-tray", args("id", id, "force", true)));
            }
        }
    }

    /** QMP's name of an iotune limit: total_bytes_sec is bps, read_iops_sec_max_length iops_rd_max_length. */
    static String qmpName(String libvirt) {
        String rest = libvirt;
        String dir = "";
        if (rest.startsWith("read_")) {
            dir = "_rd";
            rest = rest.substring(5);
        } else if (rest.startsWith("write_")) {
            dir = "_wr";
            rest = rest.substring(6);
        } else if (rest.startsWith("total_")) {
            rest = rest.substring(6);
        }
        if (rest.startsWith("size_iops_sec")) {
            return "iops_size";
        }
        String base = rest.startsWith("bytes_sec") ? "bps" : "iops";
        String suffix = rest.substring(rest.indexOf("_sec") + 4);
        return base + dir + suffix;
    }

    /**
     * set_password, and expire_password when the password has a validity time (libvirt's
     * qemuDomainChangeGraphicsPasswords). SPICE's connected policy goes with the password.
     */
    private static void password(List<QmpCall> out, String protocol, GraphicsDef.Auth auth) {
        if (auth == null || auth.passwd() == null) {
            return;
        }
        Map<String, Object> a = args("protocol", protocol, "password", auth.passwd());
        if (auth.connected() != null && protocol.equals("spice")) {
            a.put("connected", auth.connected().xml());
        }
        out.add(new QmpCall("set_password", a));
        if (auth.validTo() != null) {
            long epoch = LocalDateTime.parse(auth.validTo()).toEpochSecond(ZoneOffset.UTC);
            out.add(new QmpCall("expire_password", args("protocol", protocol, "time", Long.toString(epoch))));
        }
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
