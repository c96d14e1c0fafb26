package io.jvirt.client;

import io.jvirt.api.DomainInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The save calls of {@link JvirtClient} (see the daemon's SaveRoutes): save, restore, managed
 * save, save images and memory dumps. Flags are {@code running}, {@code paused},
 * {@code bypass-cache}.
 */
public final class SaveCalls {
    private final JvirtClient client;

    SaveCalls(JvirtClient client) {
        this.client = client;
    }

    private static String q(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String flags(Set<String> flags) {
        return flags.isEmpty() ? "" : "&" + q("flags", flags.stream().map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(",")));
    }

    private static String dom(String domain) {
        return "/v1/domains/" + JvirtClient.enc(domain);
    }

    /** Saves the running domain's memory to {@code file} and stops it; {@code xml} (or null) is recorded instead. */
    public DomainInfo save(String domain, String file, String xml, Set<String> flags) {
        return client.json(client.call("POST", dom(domain) + "/save?" + q("file", file) + flags(flags),
                "application/xml", xml == null ? "" : xml), DomainInfo.class);
    }

    /** Starts the domain a save image holds; {@code xml} (or null) replaces its definition (same hardware). */
    public DomainInfo restore(String file, String xml, Set<String> flags) {
        return client.json(client.call("POST", "/v1/restore?" + q("file", file) + flags(flags), "application/xml",
                xml == null ? "" : xml), DomainInfo.class);
    }

    public DomainInfo managedSave(String domain, Set<String> flags) {
        String f = flags(flags);
        return client.json(client.call("POST", dom(domain) + "/managed-save" + (f.isEmpty() ? "" : "?" + f.substring(1)),
                null, null), DomainInfo.class);
    }

    public DomainInfo managedSaveRemove(String domain) {
        return client.json(client.call("DELETE", dom(domain) + "/managed-save", null, null), DomainInfo.class);
    }

    /** Whether the domain has a managed save image. */
    public boolean hasManagedSave(String domain) {
        Map<?, ?> m = client.json(client.call("GET", dom(domain) + "/managed-save", null, null), Map.class);
        return Boolean.TRUE.equals(m.get("exists"));
    }

    /** The definition a save image records. */
    public String imageXml(String file, boolean secure) {
        return client.call("GET", "/v1/save-images/xml?" + q("file", file) + (secure ? "&secure=true" : ""), null, null)
                .text();
    }

    /** Replaces a save image's definition ({@code xml}, or null to keep it) and/or its running/paused mark. */
    public String imageDefine(String file, String xml, Set<String> flags) {
        return client.call("PUT", "/v1/save-images/xml?" + q("file", file) + flags(flags), "application/xml",
                xml == null ? "" : xml).text();
    }

    /** Writes the guest's memory to {@code file} ({@code dump --memory-only}). */
    public DomainInfo dump(String domain, String file, String format) {
        return client.json(client.call("POST", dom(domain) + "/dump?" + q("file", file) + "&" + q("format", format),
                null, null), DomainInfo.class);
    }
}
