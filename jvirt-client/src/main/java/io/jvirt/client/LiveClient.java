package io.jvirt.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jvirt.api.BlockIoTune;
import io.jvirt.api.ChangeScope;
import io.jvirt.api.CpuPin;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.InterfaceTune;
import io.jvirt.api.Json;
import io.jvirt.api.MemoryStat;
import io.jvirt.api.VcpuCount;
import io.jvirt.api.VcpuInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls that change a defined domain's devices and resources (hotplug, media, memory,
 * vCPUs, pinning, I/O limits, renaming) and read them back, over a {@link JvirtClient}'s
 * connection: the REST routes under {@code /v1/domains/{ref}/} that {@code HotplugRoutes} serves.
 */
public final class LiveClient {
    private static final String XML = "application/xml";
    private static final String JSON = "application/json";

    private final JvirtClient client;

    public LiveClient(JvirtClient client) {
        this.client = client;
    }

    /** Attaches the device {@code xml} describes ({@code attach-device}). */
    public DomainInfo attachDevice(String ref, String xml, ChangeScope scope) {
        return info(client.call("POST", path(ref, "devices") + query(scope, ""), XML, xml));
    }

    /** Detaches the device {@code xml} describes ({@code detach-device}). */
    public DomainInfo detachDevice(String ref, String xml, ChangeScope scope) {
        return info(client.call("POST", path(ref, "devices/detach") + query(scope, ""), XML, xml));
    }

    /** Detaches the device with QEMU id {@code alias} ({@code detach-device-alias}). */
    public DomainInfo detachAlias(String ref, String alias, ChangeScope scope) {
        return info(client.call("DELETE", path(ref, "devices/" + enc(alias)) + query(scope, ""), null, null));
    }

    /** Changes a device in place ({@code update-device}); {@code force} ejects a locked medium. */
    public DomainInfo updateDevice(String ref, String xml, ChangeScope scope, boolean force) {
        return info(client.call("PUT", path(ref, "devices") + query(scope, force ? "&force=true" : ""), XML, xml));
    }

    /** Sets the guest's memory, in KiB ({@code setmem}). */
    public DomainInfo setMemory(String ref, long kib, ChangeScope scope) {
        return info(client.call("PUT", path(ref, "memory") + query(scope, ""), JSON, body(Map.of("kib", kib))));
    }

    /** Sets the maximum memory, in KiB ({@code setmaxmem}). */
    public DomainInfo setMaxMemory(String ref, long kib, ChangeScope scope) {
        return info(client.call("PUT", path(ref, "memory") + query(scope, ""), JSON, body(Map.of("maxKib", kib))));
    }

    /** The balloon's statistics ({@code dommemstat}). */
    public List<MemoryStat> memoryStats(String ref) {
        return client.list(client.call("GET", path(ref, "memory/stats"), null, null), MemoryStat.class);
    }

    /** Sets how often the balloon reports statistics ({@code dommemstat --period}). */
    public DomainInfo setMemoryStatsPeriod(String ref, int seconds, ChangeScope scope) {
        return info(client.call("PUT", path(ref, "memory/stats") + query(scope, ""), JSON,
                body(Map.of("period", seconds))));
    }

    /** The vCPU counts ({@code vcpucount}). */
    public VcpuCount vcpuCount(String ref) {
        return client.json(client.call("GET", path(ref, "vcpus"), null, null), VcpuCount.class);
    }

    /** How many vCPUs the guest has online, from its agent ({@code vcpucount --guest}). */
    public int guestVcpus(String ref) {
        Map<?, ?> m = client.json(client.call("GET", path(ref, "vcpus/guest"), null, null), Map.class);
        return ((Number) m.get("count")).intValue();
    }

    /** Sets the vCPU count ({@code setvcpus}). */
    public DomainInfo setVcpus(String ref, int count, ChangeScope scope, boolean maximum, boolean guest) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("count", count);
        b.put("maximum", maximum);
        b.put("guest", guest);
        return info(client.call("PUT", path(ref, "vcpus") + query(scope, ""), JSON, body(b)));
    }

    /** The running domain's vCPUs ({@code vcpuinfo}). */
    public List<VcpuInfo> vcpuInfo(String ref) {
        return client.list(client.call("GET", path(ref, "vcpus/info"), null, null), VcpuInfo.class);
    }

    /** Where each vCPU may run ({@code vcpupin} without a list); {@code config} for the persistent definition. */
    public List<CpuPin> vcpuPins(String ref, boolean config) {
        return client.list(client.call("GET", path(ref, "vcpus/pins") + (config ? "?config=true" : ""), null, null),
                CpuPin.class);
    }

    /** Pins a vCPU ({@code vcpupin DOMAIN VCPU LIST}). */
    public DomainInfo pinVcpu(String ref, int vcpu, String cpus, ChangeScope scope) {
        return info(client.call("PUT", path(ref, "vcpus/" + vcpu + "/pin") + query(scope, ""), JSON,
                body(Map.of("cpus", cpus))));
    }

    /** Where the emulator threads may run ({@code emulatorpin} without a list). */
    public CpuPin emulatorPin(String ref, boolean config) {
        return client.json(client.call("GET", path(ref, "emulator/pin") + (config ? "?config=true" : ""), null, null),
                CpuPin.class);
    }

    /** Pins the emulator threads ({@code emulatorpin DOMAIN LIST}). */
    public DomainInfo pinEmulator(String ref, String cpus, ChangeScope scope) {
        return info(client.call("PUT", path(ref, "emulator/pin") + query(scope, ""), JSON,
                body(Map.of("cpus", cpus))));
    }

    /** A disk's I/O limits ({@code blkdeviotune} without limits). */
    public BlockIoTune blockIoTune(String ref, String disk, boolean config) {
        return client.json(client.call("GET", path(ref, "iotune") + "?disk=" + enc(disk) + (config ? "&config=true"
                : ""), null, null), BlockIoTune.class);
    }

    /** Changes a disk's I/O limits ({@code blkdeviotune} with limits); the others are kept. */
    public DomainInfo setBlockIoTune(String ref, String disk, Map<String, Long> limits, String group,
                                     ChangeScope scope) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("limits", limits);
        if (group != null) {
            b.put("group", group);
        }
        return info(client.call("PUT", path(ref, "iotune") + query(scope, "&disk=" + enc(disk)), JSON, body(b)));
    }

    /** A card's bandwidth ({@code domiftune} without limits). */
    public InterfaceTune interfaceTune(String ref, String iface, boolean config) {
        return client.json(client.call("GET", path(ref, "iftune") + "?iface=" + enc(iface) + (config ? "&config=true"
                : ""), null, null), InterfaceTune.class);
    }

    /** Changes a card's bandwidth ({@code domiftune}); a direction left null is kept, {@link InterfaceTune.Rate#NONE} clears it. */
    public DomainInfo setInterfaceTune(String ref, String iface, InterfaceTune.Rate inbound, InterfaceTune.Rate outbound,
                                       ChangeScope scope) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("inbound", inbound);
        b.put("outbound", outbound);
        return info(client.call("PUT", path(ref, "iftune") + query(scope, "&iface=" + enc(iface)), JSON, body(b)));
    }

    /** Resizes a running domain's disk ({@code blockresize}), in bytes. */
    public DomainInfo blockResize(String ref, String disk, long bytes) {
        return info(client.call("PUT", path(ref, "block-size") + "?disk=" + enc(disk), JSON,
                body(Map.of("bytes", bytes))));
    }

    /** Renames a shut-off domain ({@code domrename}). */
    public DomainInfo rename(String ref, String newName) {
        return info(client.call("POST", path(ref, "rename"), JSON, body(Map.of("name", newName))));
    }

    private DomainInfo info(HttpResponse r) {
        return client.json(r, DomainInfo.class);
    }

    private static String path(String ref, String sub) {
        return "/v1/domains/" + enc(ref) + "/" + sub;
    }

    private static String query(ChangeScope scope, String more) {
        String q = scope.query() + more;
        return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    private static String body(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JvirtClientException(ErrorCode.INTERNAL, "cannot write the request: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
