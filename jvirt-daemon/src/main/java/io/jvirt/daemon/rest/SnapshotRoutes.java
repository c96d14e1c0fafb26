package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.domain.SnapshotCommand;
import io.jvirt.daemon.domain.SnapshotFilter;
import io.jvirt.daemon.domain.SnapshotService;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The snapshot part of the REST front end: parses, runs a {@link SnapshotCommand} or a query
 * of {@link SnapshotService}, returns the answer for {@link RestHandler} to write. Flags are
 * libvirt's, spelt as virsh's options without the dashes in front ({@code flags=disk-only,atomic}).
 * What a snapshot operation does to the domain (stopped, started, resumed "from snapshot")
 * reaches clients as lifecycle events on {@code /v1/events}.
 *
 * <pre>
 * GET    /v1/domains/{ref}/snapshots[?flags=roots,leaves,...&amp;from=NAME]   snapshot-list
 * POST   /v1/domains/{ref}/snapshots[?flags=disk-only,redefine,...]   snapshot-create (body: snapshot XML)
 * GET    /v1/domains/{ref}/snapshots/{name}                   snapshot-info
 * GET    /v1/domains/{ref}/snapshots/{name}/xml[?secure=true] snapshot-dumpxml
 * POST   /v1/domains/{ref}/snapshots/{name}/revert[?flags=running,paused,force]
 * DELETE /v1/domains/{ref}/snapshots/{name}[?flags=children,children-only,metadata-only]
 * GET    /v1/domains/{ref}/current-snapshot                   snapshot-current (404 when none)
 * PUT    /v1/domains/{ref}/current-snapshot                   {"name": "..."}
 * </pre>
 */
final class SnapshotRoutes {
    private final DomainService domains;

    SnapshotRoutes(DomainService domains) {
        this.domains = domains;
    }

    Object route(String method, String[] seg, Fields q, NetworkRoutes.Body body, String ref) throws IOException {
        SnapshotService snapshots = domains.snapshots();
        if (seg[3].equals("current-snapshot") && seg.length == 4) {
            return switch (method) {
                case "GET" -> {
                    SnapshotInfo s = snapshots.current(ref);
                    if (s == null) {
                        throw new DaemonException(ErrorCode.NOT_FOUND, "Domain '" + domains.lookup(ref).name()
                                + "' has no current snapshot.");
                    }
                    yield s;
                }
                case "PUT" -> {
                    JsonNode n = RestHandler.json().readTree(body.read());
                    if (n == null || !n.path("name").isTextual()) {
                        throw new IllegalArgumentException("the body must be {\"name\": \"SNAPSHOT\"}.");
                    }
                    String name = domains.execute(new SnapshotCommand.SetCurrent(ref, n.get("name").asText()));
                    yield snapshots.info(ref, name);
                }
                default -> throw RestHandler.notFound(method, "current-snapshot");
            };
        }
        if (!seg[3].equals("snapshots")) {
            throw RestHandler.notFound(method, seg[3]);
        }
        if (seg.length == 4) {
            return switch (method) {
                case "GET" -> snapshots.list(ref, new SnapshotFilter(flags(q, SnapshotFilter.Flag.class),
                        q.getValue("from")));
                case "POST" -> {
                    String name = domains.execute(new SnapshotCommand.Create(ref, body.read(),
                            flags(q, SnapshotCommand.CreateFlag.class)));
                    SnapshotInfo created = snapshots.list(ref, new SnapshotFilter(Set.of(), null)).stream()
                            .filter(s -> s.name().equals(name)).findFirst().orElse(null);
                    // --no-metadata keeps nothing to describe: the name alone
                    yield created != null ? created
                            : new SnapshotInfo(name, domains.lookup(ref).name(), false, null, null, null, 0, 0, false, 0,
                            null);
                }
                default -> throw RestHandler.notFound(method, "snapshots");
            };
        }
        String name = URLDecoder.decode(seg[4], StandardCharsets.UTF_8);
        if (seg.length == 5) {
            return switch (method) {
                case "GET" -> snapshots.info(ref, name);
                case "DELETE" -> {
                    domains.execute(new SnapshotCommand.Delete(ref, name, flags(q, SnapshotCommand.DeleteFlag.class)));
                    yield java.util.Map.of("name", name, "deleted", true);
                }
                default -> throw RestHandler.notFound(method, "snapshots/" + name);
            };
        }
        if (seg.length == 6 && seg[5].equals("xml") && method.equals("GET")) {
            return snapshots.xml(ref, name, RestHandler.secrets(q));
        }
        if (seg.length == 6 && seg[5].equals("revert") && method.equals("POST")) {
            domains.execute(new SnapshotCommand.Revert(ref, name, flags(q, SnapshotCommand.RevertFlag.class)));
            return snapshots.info(ref, name);
        }
        throw RestHandler.notFound(method, String.join("/", seg));
    }

    /** The {@code flags} parameter: comma-separated names of {@code type}'s constants, lower case with dashes. */
    static <E extends Enum<E>> Set<E> flags(Fields q, Class<E> type) {
        Set<E> out = EnumSet.noneOf(type);
        List<String> unknown = new ArrayList<>();
        List<String> values = q.getValues("flags");
        for (String v : values == null ? List.<String>of() : values) {
            for (String word : v.split(",")) {
                String w = word.trim();
                if (w.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Enum.valueOf(type, w.toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    unknown.add(w);
                }
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("unknown flag" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; known: " + String.join(", ", known) + ".");
        }
        return out;
    }
}
