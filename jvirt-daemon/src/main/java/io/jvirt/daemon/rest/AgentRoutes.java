package io.jvirt.daemon.rest;

import io.jvirt.api.AgentReply;
import io.jvirt.api.AgentTimeoutInfo;
import io.jvirt.api.FsCount;
import io.jvirt.api.FsFreezeRequest;
import io.jvirt.api.GuestPasswordRequest;
import io.jvirt.api.GuestTimeRequest;
import io.jvirt.daemon.agent.AgentService;
import io.jvirt.daemon.agent.AgentTimeout;
import io.jvirt.daemon.agent.GuestInfoType;
import io.jvirt.daemon.domain.AgentTimeouts;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.util.Map;

/**
 * The REST routes of the guest agent verbs; no logic beyond parsing.
 *
 * <pre>
 * POST /v1/domains/{ref}/agent/command[?timeout=N]   body: the agent command (JSON); {"reply": ...}
 *                                                      (N: -2 block, -1 default 5 s, 0 async, seconds)
 * GET  /v1/domains/{ref}/agent/info[?types=os,hostname,...]   guestinfo's typed parameters
 * GET  /v1/domains/{ref}/agent/filesystems            domfsinfo
 * POST /v1/domains/{ref}/agent/fs-freeze              {"mountpoints": [...]}; {"count": N}
 * POST /v1/domains/{ref}/agent/fs-thaw                {"mountpoints": []}; {"count": N}
 * GET  /v1/domains/{ref}/agent/fs-frozen              {"frozen": true|false}
 * POST /v1/domains/{ref}/agent/user-password          {"user": ..., "password": ..., "encrypted": false}
 * GET  /v1/domains/{ref}/agent/time                   {"seconds": ..., "nseconds": ...}
 * PUT  /v1/domains/{ref}/agent/time                   {"seconds": ..., "nseconds": ..., "sync": false}
 * GET  /v1/domains/{ref}/agent/interfaces             domifaddr --source agent
 * PUT  /v1/domains/{ref}/agent/timeout?seconds=N      guest-agent-timeout (N: -2 block, -1 5 s, 0 no wait,
 *                                                      seconds); {"domain": ..., "timeout": N}
 * GET  /v1/domains/{ref}/agent/timeout                {"domain": ..., "timeout": N or null (jvirt's default)}
 * </pre>
 */
final class AgentRoutes {
    /** A request body, read only by the routes that have one. */
    interface Body {
        String read() throws IOException;
    }

    private final AgentService agent;
    private final AgentTimeouts timeouts;

    AgentRoutes(AgentService agent, AgentTimeouts timeouts) {
        this.agent = agent;
        this.timeouts = timeouts;
    }

    /** Whether {@code /v1/domains/{ref}/SUB/...} is one of these routes. */
    static boolean serves(String sub) {
        return sub.equals("agent");
    }

    Object route(String method, String ref, String[] seg, Fields q, Body body) throws IOException {
        if (seg.length != 5) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        return switch (method + " " + seg[4]) {
            case "POST command" -> {
                String command = body.read();
                if (command == null || command.isBlank()) {
                    throw new IllegalArgumentException("the body must be the guest agent command, such as "
                            + "{\"execute\": \"guest-info\"}.");
                }
                AgentTimeout wait = new AgentTimeout((int) RestHandler.longParam(q, "timeout",
                        AgentTimeout.DEFAULT_VALUE));
                yield new AgentReply(agent.command(ref, command, wait));
            }
            case "GET info" -> agent.guestInfo(ref, GuestInfoType.parse(q.getValue("types")));
            case "GET filesystems" -> agent.fileSystems(ref);
            case "POST fs-freeze" -> new FsCount(agent.freeze(ref, read(body, FsFreezeRequest.class).mountpoints()));
            case "POST fs-thaw" -> new FsCount(agent.thaw(ref, read(body, FsFreezeRequest.class).mountpoints()));
            case "GET fs-frozen" -> Map.of("frozen", agent.frozen(ref));
            case "POST user-password" -> {
                GuestPasswordRequest r = read(body, GuestPasswordRequest.class);
                agent.setUserPassword(ref, r.user(), r.password(), r.encrypted());
                yield Map.of();
            }
            case "GET time" -> agent.time(ref);
            case "PUT time" -> {
                GuestTimeRequest r = read(body, GuestTimeRequest.class);
                agent.setTime(ref, r.seconds(), r.nseconds() == null ? 0 : r.nseconds(), r.sync());
                yield Map.of();
            }
            case "GET interfaces" -> agent.interfaces(ref);
            case "PUT timeout" -> timeout(ref, timeouts.set(ref, (int) RestHandler.longParam(q, "seconds",
                    AgentTimeout.BLOCK)));
            case "GET timeout" -> timeout(ref, timeouts.get(ref));
            default -> throw RestHandler.notFound(method, String.join("/", seg));
        };
    }

    /** {@code {"domain": ..., "timeout": N}}, N null while jvirt's default applies. */
    private static AgentTimeoutInfo timeout(String ref, AgentTimeout t) {
        return new AgentTimeoutInfo(ref, t == null ? null : t.seconds());
    }

    private static <T> T read(Body body, Class<T> type) throws IOException {
        String text = body.read();
        T value = text == null || text.isBlank() ? null : RestHandler.json().readValue(text, type);
        if (value == null) {
            throw new IllegalArgumentException("the body must be a " + type.getSimpleName() + " JSON object.");
        }
        return value;
    }
}
