package io.jvirt.daemon.rest;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.InspectJson;
import io.jvirt.api.MonitorReply;
import io.jvirt.api.SendKeyRequest;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.InspectService;
import io.jvirt.daemon.inspect.StatsFilter;
import io.jvirt.daemon.inspect.StatsGroup;
import io.jvirt.qemu.qmp.InspectMonitor.ScreenFormat;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The REST routes of the "looking inside" queries; no logic beyond parsing.
 *
 * <pre>
 * GET  /v1/domains/{ref}/blocks[?inactive=true]     domblklist
 * GET  /v1/domains/{ref}/block-info[?device=D]      domblkinfo (all disks without a device)
 * GET  /v1/domains/{ref}/block-stats[?device=D]     domblkstat (the sum without a device)
 * GET  /v1/domains/{ref}/interface-stats?device=D   domifstat
 * GET  /v1/domains/{ref}/cpu-stats                  cpu-stats (the total only)
 * GET  /v1/domains/{ref}/screenshot[?screen=N&amp;format=png|ppm]   the picture's bytes
 * POST /v1/domains/{ref}/send-key                   {"codeset":"linux","holdtimeMs":0,"keys":["KEY_A"]}
 * POST /v1/domains/{ref}/monitor-command[?hmp=true] body: the command; answer {"reply": ...}
 * GET  /v1/domain-stats[?groups=state,block&amp;domain=A&amp;domain=B&amp;list=running,persistent]   domstats
 * GET  /v1/host/node-info | /v1/host/memory-stats | /v1/host/cpu-stats[?cpu=N]
 * </pre>
 */
final class InspectRoutes {
    private static final Set<String> DOMAIN_SUBS = Set.of("blocks", "block-info", "block-stats", "interface-stats",
            "screenshot", "send-key", "monitor-command", "cpu-stats");

    /** A request body, read only by the routes that have one. */
    interface Body {
        String read() throws IOException;
    }

    private final InspectService inspect;

    InspectRoutes(InspectService inspect) {
        this.inspect = inspect;
    }

    /** Whether {@code /v1/domains/{ref}/SUB} is one of these routes. */
    static boolean servesDomain(String sub) {
        return DOMAIN_SUBS.contains(sub);
    }

    /** Whether {@code /v1/TOP[/NAME]} is one of these routes. */
    static boolean servesTop(String[] seg) {
        return seg.length == 2 && seg[1].equals("domain-stats")
                || seg.length == 3 && seg[1].equals("host")
                && (seg[2].equals("node-info") || seg[2].equals("memory-stats") || seg[2].equals("cpu-stats"));
    }

    Object top(String method, String[] seg, Fields q) throws IOException {
        if (!method.equals("GET")) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        if (seg[1].equals("domain-stats")) {
            return new JsonBody(InspectJson.writeStats(inspect.stats(groups(q), filter(q), values(q, "domain"))));
        }
        return switch (seg[2]) {
            case "node-info" -> inspect.host().nodeInfo();
            case "memory-stats" -> inspect.host().nodeMemory();
            case "cpu-stats" -> {
                int cpu = (int) RestHandler.longParam(q, "cpu", -1);
                yield inspect.host().nodeCpu(cpu).orElseThrow(() -> new DaemonException(ErrorCode.INVALID_ARGUMENT,
                        "Invalid cpuNum in virHostCPUGetStatsLinux: the host has no processor " + cpu + "."));
            }
            default -> throw RestHandler.notFound(method, String.join("/", seg));
        };
    }

    Object domain(String method, String ref, String sub, Fields q, Body body) throws IOException {
        return switch (method + " " + sub) {
            case "GET blocks" -> inspect.blockList(ref, RestHandler.bool(q, "inactive"));
            case "GET cpu-stats" -> inspect.cpuStats(ref);
            case "GET block-info" -> inspect.blockInfo(ref, q.getValue("device"));
            case "GET block-stats" -> inspect.blockStats(ref, q.getValue("device"));
            case "GET interface-stats" -> {
                String device = q.getValue("device");
                if (device == null || device.isEmpty()) {
                    throw new IllegalArgumentException("the parameter device (the interface's device name or MAC) "
                            + "is required.");
                }
                yield inspect.interfaceStats(ref, device);
            }
            case "GET screenshot" -> inspect.screenshot(ref, (int) RestHandler.longParam(q, "screen", 0), format(q));
            case "POST send-key" -> {
                SendKeyRequest r = RestHandler.json().readValue(body.read(), SendKeyRequest.class);
                if (r == null || r.keys() == null) {
                    throw new IllegalArgumentException("the body must be {\"codeset\": ..., \"holdtimeMs\": ..., "
                            + "\"keys\": [...]}.");
                }
                inspect.sendKey(ref, r);
                yield new MonitorReply("");
            }
            case "POST monitor-command" -> {
                String command = body.read();
                if (command == null || command.isBlank()) {
                    throw new IllegalArgumentException("the body must be the monitor command.");
                }
                yield new MonitorReply(inspect.monitorCommand(ref, command, RestHandler.bool(q, "hmp")));
            }
            default -> throw RestHandler.notFound(method, sub);
        };
    }

    private static ScreenFormat format(Fields q) {
        String f = q.getValue("format");
        if (f == null || f.equals("png")) {
            return ScreenFormat.PNG;
        }
        if (f.equals("ppm")) {
            return ScreenFormat.PPM;
        }
        throw new IllegalArgumentException("the screenshot format '" + f + "' is not png or ppm.");
    }

    private static Set<StatsGroup> groups(Fields q) {
        List<String> names = values(q, "groups");
        if (names.isEmpty()) {
            return StatsGroup.all();
        }
        Set<StatsGroup> out = EnumSet.noneOf(StatsGroup.class);
        List<String> bad = new ArrayList<>();
        for (String n : names) {
            StatsGroup.of(n).ifPresentOrElse(out::add, () -> bad.add(n));
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("unknown statistics groups " + bad + "; the groups are state, "
                    + "cpu-total, balloon, vcpu, interface, perf and block.");
        }
        return out;
    }

    private static StatsFilter filter(Fields q) {
        List<String> flags = values(q, "list");
        List<String> known = List.of("active", "inactive", "persistent", "transient", "running", "paused", "shutoff",
                "other");
        List<String> bad = flags.stream().filter(f -> !known.contains(f)).toList();
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("unknown domain filters " + bad + "; the filters are " + known + ".");
        }
        return new StatsFilter(flags.contains("active"), flags.contains("inactive"), flags.contains("persistent"),
                flags.contains("transient"), flags.contains("running"), flags.contains("paused"),
                flags.contains("shutoff"), flags.contains("other"));
    }

    /** Every value of a parameter, comma-separated values split. */
    private static List<String> values(Fields q, String name) {
        List<String> out = new ArrayList<>();
        List<String> raw = q.getValues(name);
        if (raw == null) {
            return out;
        }
        for (String v : raw) {
            for (String part : v.split(",")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }
}
