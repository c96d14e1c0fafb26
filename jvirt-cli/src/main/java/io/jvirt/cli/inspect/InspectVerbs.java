package io.jvirt.cli.inspect;

import io.jvirt.cli.support.Verb;

import java.util.List;

/** The verbs of this package, by name, for {@code Main}'s registry. */
public final class InspectVerbs {
    /** The names, in help order. */
    public static final List<String> NAMES = List.of("domblklist", "domblkinfo", "domblkstat", "domifstat",
            "domstats", "cpu-stats", "screenshot", "send-key", "qemu-monitor-command", "nodeinfo", "nodememstats", "nodecpustats",
            "capabilities", "domcapabilities", "domjobinfo", "domjobabort", "qemu-monitor-event");

    private InspectVerbs() {
    }

    /** A new verb object; {@code name} is one of {@link #NAMES}. */
    public static Verb create(String name) {
        return switch (name) {
            case "domblklist" -> new DomblklistCommand();
            case "domblkinfo" -> new DomblkinfoCommand();
            case "domblkstat" -> new DomblkstatCommand();
            case "domifstat" -> new DomifstatCommand();
            case "domstats" -> new DomstatsCommand();
            case "cpu-stats" -> new CpuStatsCommand();
            case "screenshot" -> new ScreenshotCommand();
            case "send-key" -> new SendKeyCommand();
            case "qemu-monitor-command" -> new QemuMonitorCommandCommand();
            case "nodeinfo" -> new NodeinfoCommand();
            case "nodememstats" -> new NodememstatsCommand();
            case "nodecpustats" -> new NodecpustatsCommand();
            case "capabilities" -> new CapabilitiesCommand();
            case "domcapabilities" -> new DomcapabilitiesCommand();
            case "domjobinfo" -> new DomjobinfoCommand();
            case "domjobabort" -> new DomjobabortCommand();
            case "qemu-monitor-event" -> new QemuMonitorEventCommand();
            default -> throw new IllegalArgumentException("unknown verb " + name);
        };
    }
}
