package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.MemballoonDef;

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
                case GraphicsDef.Vnc vnc -> {
                    if (vnc.passwd() != null) {
                        out.add(new QmpCall("set_password", args("protocol", "vnc", "password", vnc.passwd())));
                    }
                }
            }
        }
        List<io.jvirt.conf.domain.InterfaceDef> nics = def.devices().interfaces();
        for (int i = 0; i < nics.size(); i++) {
            if (!nics.get(i).linkUp()) {
                out.add(new QmpCall("set_link", args("name", QemuArgv.nicId(i), "up", false)));
            }
        }
        MemballoonDef balloon = def.devices().memballoon();
        boolean hasBalloon = balloon == null || balloon.model() != MemballoonDef.Model.NONE;
        if (hasBalloon && def.currentMemoryKiB() < def.memoryKiB()) {
            out.add(new QmpCall("balloon", args("value", def.currentMemoryKiB() * 1024)));
        }
        if (hasBalloon && balloon != null && balloon.statsPeriod() != null) {
            out.add(new QmpCall("qom-set", args("path", "/machine/peripheral/balloon0",
                    "property", "guest-stats-polling-interval", "value", balloon.statsPeriod())));
        }
        return out;
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
