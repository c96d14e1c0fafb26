package io.jvirt.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainBlock;
import io.jvirt.api.DomainCpuStats;
import io.jvirt.api.DomainStats;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.InspectJson;
import io.jvirt.api.InterfaceStats;
import io.jvirt.api.Json;
import io.jvirt.api.MonitorReply;
import io.jvirt.api.NodeCpuStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.NodeMemoryStats;
import io.jvirt.api.SendKeyRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The calls that look inside domains and the host (statistics, screenshots, keys, monitor
 * commands) over a {@link JvirtClient}'s connection: the routes {@code InspectRoutes} serves.
 */
public final class InspectClient {
    private final JvirtClient client;

    public InspectClient(JvirtClient client) {
        this.client = client;
    }

    /** The domain's disks ({@code domblklist}); {@code inactive}: those of the persistent definition. */
    public List<DomainBlock> blocks(String ref, boolean inactive) {
        return client.list(get(path(ref, "blocks") + (inactive ? "?inactive=true" : "")), DomainBlock.class);
    }

    /** One disk's sizes, or every disk's with {@code device} null ({@code domblkinfo}). */
    public List<BlockInfo> blockInfo(String ref, String device) {
        return client.list(get(path(ref, "block-info") + param("?device=", device)), BlockInfo.class);
    }

    /** One disk's counters, or the sum over all with {@code device} null ({@code domblkstat}). */
    public BlockStats blockStats(String ref, String device) {
        return client.json(get(path(ref, "block-stats") + param("?device=", device)), BlockStats.class);
    }

    /** A network card's traffic ({@code domifstat}). */
    public InterfaceStats interfaceStats(String ref, String device) {
        return client.json(get(path(ref, "interface-stats") + param("?device=", device)), InterfaceStats.class);
    }

    /**
     * Statistics of domains ({@code domstats}).
     *
     * @param groups virsh's group names; empty for all
     * @param filters virsh's {@code --list-*} names without the prefix (running, persistent, ...)
     * @param domains the domains; empty for every domain the filters keep
     */
    public List<DomainStats> stats(List<String> groups, List<String> filters, List<String> domains) {
        StringBuilder q = new StringBuilder("/v1/domain-stats?");
        if (!groups.isEmpty()) {
            q.append("groups=").append(enc(String.join(",", groups))).append('&');
        }
        if (!filters.isEmpty()) {
            q.append("list=").append(enc(String.join(",", filters))).append('&');
        }
        for (String d : domains) {
            q.append("domain=").append(enc(d)).append('&');
        }
        q.setLength(q.length() - 1);
        HttpResponse r = get(q.toString());
        try {
            return InspectJson.stats(r.body());
        } catch (IOException | IllegalArgumentException e) {
            throw new JvirtClientException(ErrorCode.INTERNAL, "jvirtd sent domain statistics this client cannot read ("
                    + e.getMessage() + "); are client and daemon the same version?", e);
        }
    }

    /** A running domain's CPU time ({@code cpu-stats --total}). */
    public DomainCpuStats cpuStats(String ref) {
        return client.json(get(path(ref, "cpu-stats")), DomainCpuStats.class);
    }

    /** The display's picture, PNG or PPM as asked ({@code screenshot}). */
    public byte[] screenshot(String ref, int screen, String format) {
        return get(path(ref, "screenshot") + "?screen=" + screen + "&format=" + enc(format)).body();
    }

    /** Presses keys together in the guest ({@code send-key}). */
    public void sendKey(String ref, SendKeyRequest request) {
        client.call("POST", path(ref, "send-key"), "application/json", body(request));
    }

    /** Runs a monitor command and returns QEMU's answer ({@code qemu-monitor-command}). */
    public String monitorCommand(String ref, String command, boolean hmp) {
        return client.json(client.call("POST", path(ref, "monitor-command") + (hmp ? "?hmp=true" : ""),
                "text/plain", command), MonitorReply.class).reply();
    }

    /** The host's processors and memory ({@code nodeinfo}). */
    public NodeInfo nodeInfo() {
        return client.json(get("/v1/host/node-info"), NodeInfo.class);
    }

    /** The host's memory use ({@code nodememstats}). */
    public NodeMemoryStats nodeMemory() {
        return client.json(get("/v1/host/memory-stats"), NodeMemoryStats.class);
    }

    /** The host's processor time, of one processor or (with -1) all ({@code nodecpustats}). */
    public NodeCpuStats nodeCpu(int cpu) {
        return client.json(get("/v1/host/cpu-stats" + (cpu < 0 ? "" : "?cpu=" + cpu)), NodeCpuStats.class);
    }

    private HttpResponse get(String target) {
        return client.call("GET", target, null, null);
    }

    private static String body(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JvirtClientException(ErrorCode.INTERNAL, "cannot write the request: " + e.getMessage(), e);
        }
    }

    private static String path(String ref, String sub) {
        return "/v1/domains/" + enc(ref) + "/" + sub;
    }

    private static String param(String prefix, String value) {
        return value == null ? "" : prefix + enc(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
