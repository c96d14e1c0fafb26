package io.jvirt.client;

import io.jvirt.api.Json;
import io.jvirt.api.SnapshotInfo;

import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The snapshot calls of {@link JvirtClient} (see the daemon's SnapshotRoutes). Flags are
 * libvirt's, spelt as virsh's options without the leading dashes ({@code disk-only}).
 */
public final class SnapshotCalls {
    private final JvirtClient client;

    SnapshotCalls(JvirtClient client) {
        this.client = client;
    }

    private static String base(String domain) {
        return "/v1/domains/" + JvirtClient.enc(domain);
    }

    private static String one(String domain, String name) {
        return base(domain) + "/snapshots/" + JvirtClient.enc(name);
    }

    private static String flags(Set<String> flags) {
        if (flags.isEmpty()) {
            return "";
        }
        return "?flags=" + URLEncoder.encode(flags.stream().map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(",")), StandardCharsets.UTF_8);
    }

    /**
     * Takes (or, with {@code redefine}, records) a snapshot described by {@code xml}.
     *
     * @return the snapshot as listed (only its name with {@code no-metadata})
     */
    public SnapshotInfo create(String domain, String xml, Set<String> flags) {
        return client.json(client.call("POST", base(domain) + "/snapshots" + flags(flags), "application/xml", xml),
                SnapshotInfo.class);
    }

    /**
     * The snapshots the filter flags keep ({@code roots}, {@code leaves}, {@code no-leaves},
     * {@code inactive}, {@code active}, {@code disk-only}, {@code internal}, {@code external},
     * {@code descendants}), children of {@code from} only when it is given.
     */
    public List<SnapshotInfo> list(String domain, Set<String> flags, String from) {
        String q = flags(flags);
        if (from != null) {
            q += (q.isEmpty() ? "?" : "&") + "from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        }
        return client.list(client.call("GET", base(domain) + "/snapshots" + q, null, null), SnapshotInfo.class);
    }

    public SnapshotInfo info(String domain, String name) {
        return client.json(client.call("GET", one(domain, name), null, null), SnapshotInfo.class);
    }

    /** libvirt's snapshot XML; with the domain's secrets only when {@code secure}. */
    public String xml(String domain, String name, boolean secure) {
        return client.call("GET", one(domain, name) + "/xml" + (secure ? "?secure=true" : ""), null, null).text();
    }

    /** The current snapshot; a NOT_FOUND error when the domain has none. */
    public SnapshotInfo current(String domain) {
        return client.json(client.call("GET", base(domain) + "/current-snapshot", null, null), SnapshotInfo.class);
    }

    /** Makes {@code name} the current snapshot. */
    public SnapshotInfo setCurrent(String domain, String name) {
        String body = Json.mapper().createObjectNode().put("name", name).toString();
        return client.json(client.call("PUT", base(domain) + "/current-snapshot", "application/json", body),
                SnapshotInfo.class);
    }

    /** Reverts ({@code running}, {@code paused}, {@code force}). */
    public SnapshotInfo revert(String domain, String name, Set<String> flags) {
        return client.json(client.call("POST", one(domain, name) + "/revert" + flags(flags), null, null),
                SnapshotInfo.class);
    }

    /** Deletes ({@code children}, {@code children-only}, {@code metadata-only}). */
    public void delete(String domain, String name, Set<String> flags) {
        client.call("DELETE", one(domain, name) + flags(flags), null, null);
    }
}
