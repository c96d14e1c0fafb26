package io.jvirt.client;

import io.jvirt.api.DomainJobInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The capability documents and a domain's job over a {@link JvirtClient}'s connection: the
 * routes {@code CapsRoutes} and {@code JobRoutes} serve.
 */
public final class HostCapsClient {
    private final JvirtClient client;

    public HostCapsClient(JvirtClient client) {
        this.client = client;
    }

    /** The host's capabilities, libvirt's XML ({@code json}: the same facts as JSON). */
    public String capabilities(boolean json) {
        return client.call("GET", "/v1/host/capabilities" + (json ? "?format=json" : ""), null, null).text();
    }

    /**
     * A domain type's capabilities ({@code domcapabilities}); null arguments take the daemon's defaults.
     *
     * @param json the same facts as JSON instead of libvirt's XML
     */
    public String domainCapabilities(String emulatorBin, String arch, String machine, String virtType, boolean json) {
        StringBuilder q = new StringBuilder("/v1/host/domain-capabilities?");
        param(q, "emulatorbin", emulatorBin);
        param(q, "arch", arch);
        param(q, "machine", machine);
        param(q, "virttype", virtType);
        if (json) {
            q.append("format=json&");
        }
        q.setLength(q.length() - 1);
        return client.call("GET", q.toString(), null, null).text();
    }

    /** The running job, or with {@code completed} the last one ({@code domjobinfo}). */
    public DomainJobInfo jobInfo(String ref, boolean completed, boolean keep) {
        String q = (completed ? "?completed=true" : "") + (keep ? "&keep-completed=true" : "");
        return client.json(client.call("GET", "/v1/domains/" + enc(ref) + "/job" + q, null, null), DomainJobInfo.class);
    }

    /** Asks the running job to stop ({@code domjobabort}); the job as it stood. */
    public DomainJobInfo abortJob(String ref) {
        return client.json(client.call("POST", "/v1/domains/" + enc(ref) + "/job/abort", null, null),
                DomainJobInfo.class);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(name).append('=').append(enc(value)).append('&');
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
