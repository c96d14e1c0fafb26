package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.NetworkInfo;
import io.jvirt.api.NetworkJson;
import io.jvirt.daemon.network.NetworkObj;
import io.jvirt.daemon.network.NetworkService;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.util.Fields;

/**
 * The network part of the REST front end: parses, calls {@link NetworkService}, returns
 * the answer for {@link RestHandler} to write.
 *
 * <pre>
 * GET    /v1/networks[?all=true]                       list
 * POST   /v1/networks[?transient=true]                 define (body: network XML), or create and start
 * GET    /v1/networks/{ref}                            net-info
 * DELETE /v1/networks/{ref}                            undefine
 * GET    /v1/networks/{ref}/xml[?inactive=true&amp;secure=true]
 * POST   /v1/networks/{ref}/{start|destroy}
 * PUT    /v1/networks/{ref}/autostart                  {"enabled": true}
 * POST   /v1/networks/{ref}/update?command=&amp;section=&amp;live=&amp;config=   body: the element's XML
 * GET    /v1/networks/{ref}/leases[?mac=M]
 * </pre>
 */
final class NetworkRoutes {
    private final NetworkService networks;

    /** Reads the request body when a route needs it. */
    interface Body {
        String read() throws IOException;
    }

    NetworkRoutes(NetworkService networks) {
        this.networks = networks;
    }

    Object route(String method, String[] seg, Fields q, Body body) throws IOException {
        if (seg.length == 2) {
            return switch (method) {
                case "GET" -> {
                    List<NetworkInfo> out = networks.list(RestHandler.bool(q, "all")).stream().map(ApiViews::info).toList();
                    yield new JsonBody(NetworkJson.writeNetworks(out));
                }
                case "POST" -> info(RestHandler.bool(q, "transient")
                        ? networks.create(body.read()) : networks.define(body.read()));
                default -> throw RestHandler.notFound(method, "/v1/networks");
            };
        }
        String ref = URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
        if (seg.length == 3) {
            return switch (method) {
                case "GET" -> info(networks.lookup(ref));
                case "DELETE" -> info(networks.undefine(ref));
                default -> throw RestHandler.notFound(method, "/v1/networks/" + ref);
            };
        }
        String sub = seg[3];
        NetworkObj n = switch (method + " " + sub) {
            case "GET xml" -> null;
            case "GET leases" -> null;
            case "POST start" -> networks.start(ref);
            case "POST destroy" -> networks.destroy(ref);
            case "PUT autostart" -> {
                JsonNode j = RestHandler.json().readTree(body.read());
                if (j == null || !j.has("enabled") || !j.get("enabled").isBoolean()) {
                    throw new IllegalArgumentException("the body must be {\"enabled\": true|false}.");
                }
                yield networks.setAutostart(ref, j.get("enabled").asBoolean());
            }
            case "POST update" -> networks.update(ref, required(q, "command"), required(q, "section"), body.read(),
                    RestHandler.bool(q, "live"), RestHandler.bool(q, "config"));
            default -> throw RestHandler.notFound(method, sub);
        };
        if (n != null) {
            return info(n);
        }
        return sub.equals("xml") ? networks.xml(ref, RestHandler.bool(q, "inactive"), RestHandler.secrets(q))
                : new JsonBody(NetworkJson.writeLeases(networks.leases(ref, q.getValue("mac"))));
    }

    private static JsonBody info(NetworkObj n) throws IOException {
        return new JsonBody(NetworkJson.write(ApiViews.info(n)));
    }

    private static String required(Fields q, String name) {
        String v = q.getValue(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the parameter '" + name + "' is missing.");
        }
        return v;
    }
}
