package io.jvirt.cli.agent;

import io.jvirt.api.GuestInfo;
import io.jvirt.client.AgentClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jvirt guestinfo DOMAIN [--user] [--os] [--timezone] [--hostname] [--filesystem]
 * [--disk] [--interface]}: what the guest agent reports, as virsh prints libvirt's typed
 * parameters ({@code name                : value}); without an option, every group the agent
 * supports.
 */
public final class GuestinfoCommand extends AgentVerb {
    private final Flag user = flag("--user", "Report the logged-in users.");
    private final Flag os = flag("--os", "Report the operating system.");
    private final Flag timezone = flag("--timezone", "Report the time zone.");
    private final Flag hostname = flag("--hostname", "Report the host name.");
    private final Flag filesystem = flag("--filesystem", "Report the mounted file systems.");
    private final Flag disk = flag("--disk", "Report the disks.");
    private final Flag iface = flag("--interface", "Report the network interfaces.");

    public GuestinfoCommand() {
        super("guestinfo", "Query information about the guest (via the QEMU guest agent).");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        List<String> types = new ArrayList<>();
        add(types, user, "user");
        add(types, os, "os");
        add(types, timezone, "timezone");
        add(types, hostname, "hostname");
        add(types, filesystem, "filesystem");
        add(types, disk, "disk");
        add(types, iface, "interface");
        GuestInfo info = client.guestInfo(domain.get(), types);
        if (json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (GuestInfo.Param p : info.params()) {
                out.put(p.field(), p.value());
            }
            printJson(out);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (GuestInfo.Param p : info.params()) {
            sb.append(String.format("%-20s: %s\n", p.field(), value(p.value())));
        }
        text(sb.toString());
        return 0;
    }

    private static void add(List<String> types, Flag flag, String word) {
        if (flag.get()) {
            types.add(word);
        }
    }

    /** virsh's typed parameter text: booleans as yes/no. */
    private static String value(Object v) {
        return v instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(v);
    }
}
