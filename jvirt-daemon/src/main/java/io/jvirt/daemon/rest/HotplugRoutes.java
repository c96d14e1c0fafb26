package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.Affect;
import io.jvirt.daemon.domain.DomainCommand;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.domain.HotplugCommand;
import io.jvirt.daemon.domain.HotplugService;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hotplug and live-change part of the REST front end: parses the request into a
 * {@link HotplugCommand} (or a query of {@link HotplugService}) and returns the answer for
 * {@link RestHandler} to write. {@code SCOPE} is {@code live=true}, {@code config=true},
 * {@code persistent=true} or none (the domain's current state), as virsh's flags.
 *
 * <pre>
 * POST   /v1/domains/{ref}/devices?SCOPE               attach-device (body: the device's XML)
 * POST   /v1/domains/{ref}/devices/detach?SCOPE        detach-device (body: the device's XML)
 * PUT    /v1/domains/{ref}/devices?SCOPE[&amp;force=true]  update-device (body: the device's XML)
 * DELETE /v1/domains/{ref}/devices/{alias}?SCOPE       detach-device-alias
 * PUT    /v1/domains/{ref}/memory?SCOPE                {"kib": N} (setmem) or {"maxKib": N} (setmaxmem)
 * GET    /v1/domains/{ref}/memory/stats                dommemstat
 * PUT    /v1/domains/{ref}/memory/stats?SCOPE          {"period": S}
 * GET    /v1/domains/{ref}/vcpus                       vcpucount
 * GET    /v1/domains/{ref}/vcpus/guest                 vcpucount --guest: {"count": N}
 * PUT    /v1/domains/{ref}/vcpus?SCOPE                 {"count": N, "maximum": false, "guest": false}
 * GET    /v1/domains/{ref}/vcpus/info                  vcpuinfo
 * GET    /v1/domains/{ref}/vcpus/pins[?config=true]    vcpupin
 * PUT    /v1/domains/{ref}/vcpus/{n}/pin?SCOPE         {"cpus": "0-1"}
 * GET    /v1/domains/{ref}/emulator/pin[?config=true]  emulatorpin
 * PUT    /v1/domains/{ref}/emulator/pin?SCOPE          {"cpus": "0-1"}
 * GET    /v1/domains/{ref}/iotune?disk=D[&amp;config=true]   blkdeviotune
 * PUT    /v1/domains/{ref}/iotune?disk=D&amp;SCOPE          {"limits": {"total_bytes_sec": N, ...}, "group": G}
 * GET    /v1/domains/{ref}/iftune?iface=I[&amp;config=true]  domiftune
 * PUT    /v1/domains/{ref}/iftune?iface=I&amp;SCOPE         {"inbound": {"average": N, ...}, "outbound": ...}
 * PUT    /v1/domains/{ref}/block-size?disk=D          blockresize: {"bytes": N}
 * POST   /v1/domains/{ref}/rename                      domrename: {"name": "new"}
 * </pre>
 */
final class HotplugRoutes {
    private static final Set<String> SUBS = Set.of("devices", "memory", "vcpus", "emulator", "iotune", "iftune",
            "block-size", "rename");

    private final DomainService domains;

    HotplugRoutes(DomainService domains) {
        this.domains = domains;
    }

    /** Whether {@code sub} (the part after {@code /v1/domains/{ref}/}) is served here. */
    static boolean serves(String sub) {
        return SUBS.contains(sub);
    }

    Object route(String method, String ref, String[] seg, Fields q, NetworkRoutes.Body body) throws IOException {
        String sub = seg[3];
        String rest = seg.length > 4 ? String.join("/", List.of(seg).subList(4, seg.length)) : "";
        HotplugService live = domains.hotplug();
        Affect scope = scope(q);
        if (method.equals("GET")) {
            DomainObj obj = domains.lookup(ref);
            boolean config = RestHandler.bool(q, "config");
            return switch (sub + "/" + rest) {
                case "memory/stats" -> live.memoryStats(obj);
                case "vcpus/" -> live.vcpuCount(obj);
                case "vcpus/guest" -> Map.of("count", live.guestVcpus(obj));
                case "vcpus/info" -> live.vcpuInfo(obj);
                case "vcpus/pins" -> live.vcpuPins(obj, config);
                case "emulator/pin" -> live.emulatorPin(obj, config);
                case "iotune/" -> live.blockIoTune(obj, required(q, "disk"), config);
                case "iftune/" -> live.interfaceTune(obj, required(q, "iface"), config);
                default -> throw RestHandler.notFound(method, String.join("/", seg));
            };
        }
        HotplugCommand cmd = switch (method + " " + sub + "/" + rest) {
            case "POST devices/" -> new HotplugCommand.AttachDevice(body.read(), scope);
            case "POST devices/detach" -> new HotplugCommand.DetachDevice(body.read(), scope);
            case "PUT devices/" -> new HotplugCommand.UpdateDevice(body.read(), scope, RestHandler.bool(q, "force"));
            case "PUT memory/" -> memory(json(body), scope);
            case "PUT memory/stats" -> new HotplugCommand.SetMemoryStatsPeriod(
                    (int) number(json(body), "period", 0, Integer.MAX_VALUE), scope);
            case "PUT vcpus/" -> {
                JsonNode n = json(body);
                yield new HotplugCommand.SetVcpus((int) number(n, "count", 1, Integer.MAX_VALUE), scope,
                        n.path("maximum").asBoolean(false), n.path("guest").asBoolean(false));
            }
            case "PUT emulator/pin" -> new HotplugCommand.PinEmulator(text(json(body), "cpus"), scope);
            case "PUT iotune/" -> iotune(required(q, "disk"), json(body), scope);
            case "PUT iftune/" -> iftune(required(q, "iface"), json(body), scope);
            case "PUT block-size/" -> new HotplugCommand.ResizeBlock(required(q, "disk"),
                    number(json(body), "bytes", 0, Long.MAX_VALUE));
            case "POST rename/" -> new HotplugCommand.Rename(text(json(body), "name"));
            default -> {
                if (method.equals("DELETE") && sub.equals("devices") && seg.length == 5) {
                    yield new HotplugCommand.DetachAlias(decode(seg[4]), scope);
                }
                if (method.equals("PUT") && sub.equals("vcpus") && seg.length == 6 && seg[5].equals("pin")) {
                    yield new HotplugCommand.PinVcpu(vcpu(seg[4]), text(json(body), "cpus"), scope);
                }
                throw RestHandler.notFound(method, String.join("/", seg));
            }
        };
        return ApiViews.info(domains.execute(new DomainCommand.Hotplug(ref, cmd)));
    }

    private static Affect scope(Fields q) {
        return new Affect(RestHandler.bool(q, "live"), RestHandler.bool(q, "config"), RestHandler.bool(q, "persistent"));
    }

    private static HotplugCommand memory(JsonNode n, Affect scope) {
        if (n.has("maxKib")) {
            return new HotplugCommand.SetMaxMemory(number(n, "maxKib", 0, Long.MAX_VALUE), scope);
        }
        return new HotplugCommand.SetMemory(number(n, "kib", 0, Long.MAX_VALUE), scope);
    }

    private static HotplugCommand iotune(String disk, JsonNode n, Affect scope) {
        Map<String, Long> limits = new LinkedHashMap<>();
        JsonNode l = n.path("limits");
        if (!l.isObject() && !l.isMissingNode()) {
            throw new IllegalArgumentException("'limits' must be an object of names and numbers.");
        }
        l.fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw new IllegalArgumentException("the limit '" + e.getKey() + "' must be a number of at least 0.");
            }
            limits.put(e.getKey(), e.getValue().asLong());
        });
        String group = n.hasNonNull("group") ? n.get("group").asText() : null;
        return new HotplugCommand.SetBlockIoTune(disk, limits, group, scope);
    }

    private static HotplugCommand iftune(String iface, JsonNode n, Affect scope) {
        return new HotplugCommand.SetInterfaceTune(iface, rate(n.get("inbound"), "inbound"),
                rate(n.get("outbound"), "outbound"), scope);
    }

    /** A direction's new limits: absent or null keeps them; an average of 0 clears them. */
    private static HotplugCommand.RateChange rate(JsonNode r, String what) {
        if (r == null || r.isNull()) {
            return null;
        }
        long average = r.path("average").asLong(0);
        if (average == 0) {
            return new HotplugCommand.RateChange(null);
        }
        try {
            return new HotplugCommand.RateChange(new BandwidthDef.Rate(average, positive(r, "peak"),
                    positive(r, "burst"), positive(r, "floor")));
        } catch (ConfException e) {
            throw new IllegalArgumentException("the " + what + " limits are not valid: " + e.getMessage(), e);
        }
    }

    private static Long positive(JsonNode r, String field) {
        long v = r.path(field).asLong(0);
        return v == 0 ? null : v;
    }

    private static JsonNode json(NetworkRoutes.Body body) throws IOException {
        JsonNode n = RestHandler.json().readTree(body.read());
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object.");
        }
        return n;
    }

    private static long number(JsonNode n, String field, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException("the body needs \"" + field + "\": a whole number from " + min + " to "
                    + max + ".");
        }
        return v.asLong();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("the body needs \"" + field + "\": a string.");
        }
        return v.asText();
    }

    private static String required(Fields q, String name) {
        String v = q.getValue(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the parameter '" + name + "' is missing.");
        }
        return v;
    }

    private static int vcpu(String s) {
        try {
            return Integer.parseInt(decode(s));
        } catch (NumberFormatException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "'" + decode(s) + "' is not a vCPU number.");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
