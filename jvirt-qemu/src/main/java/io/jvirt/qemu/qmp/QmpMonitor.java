package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link QemuMonitor} over a {@link QmpClient}; devices, guest resources, inspection and block jobs are delegated. */
public final class QmpMonitor implements QemuMonitor {
    private final QmpClient qmp;
    private final DeviceMonitor devices;
    private final GuestResourceMonitor resources;
    private final QmpInspect inspect;
    private final BlockJobMonitor blockJobs;

    public QmpMonitor(QmpClient qmp) {
        this.qmp = qmp;
        this.devices = new QmpDevices(qmp);
        this.resources = new QmpResources(qmp);
        this.inspect = new QmpInspect(qmp);
        this.blockJobs = new QmpBlockJobs(qmp);
    }

    // ---- BlockJobMonitor, through QmpBlockJobs

    @Override
    public void blockJobStart(BlockJobStart job) {
        blockJobs.blockJobStart(job);
    }

    @Override
    public void blockJobSetSpeed(String jobId, long bytesPerSecond) {
        blockJobs.blockJobSetSpeed(jobId, bytesPerSecond);
    }

    @Override
    public List<BlockJobInfo> queryBlockJobs() {
        return blockJobs.queryBlockJobs();
    }

    @Override
    public List<BlockChain> queryBlockChains() {
        return blockJobs.queryBlockChains();
    }

    // ---- InspectMonitor, through QmpInspect

    @Override
    public List<BlockIoStats> blockIoStats() {
        return inspect.blockIoStats();
    }

    @Override
    public List<BlockImageSize> blockImageSizes() {
        return inspect.blockImageSizes();
    }

    @Override
    public Long balloonActualBytes() {
        return inspect.balloonActualBytes();
    }

    @Override
    public BalloonGuestStats balloonGuestStats(String balloonPath) {
        return inspect.balloonGuestStats(balloonPath);
    }

    @Override
    public void screendump(Path file, String device, int head, ScreenFormat format) {
        inspect.screendump(file, device, head, format);
    }

    @Override
    public void sendKey(List<Integer> qnums, int holdMs) {
        inspect.sendKey(qnums, holdMs);
    }

    @Override
    public String humanCommand(String commandLine) {
        return inspect.humanCommand(commandLine);
    }

    @Override
    public String passthrough(String commandJson) {
        return inspect.passthrough(commandJson);
    }

    @Override
    public void cont() {
        qmp.execute("cont");
    }

    @Override
    public void stop() {
        qmp.execute("stop");
    }

    @Override
    public void systemPowerdown() {
        qmp.execute("system_powerdown");
    }

    @Override
    public void systemReset() {
        qmp.execute("system_reset");
    }

    @Override
    public void quit() {
        qmp.execute("quit");
    }

    @Override
    public void rtcResetReinjection() {
        qmp.execute("rtc-reset-reinjection");
    }

    @Override
    public RunState queryStatus() {
        JsonNode st = qmp.execute("query-status");
        return runState(st.path("status").asText(""), st.path("running").asBoolean(false));
    }

    /**
     * QEMU's many run states (running, paused, shutdown, inmigrate, io-error, guest-panicked,
     * ...) reduced to the three the lifecycle acts on: only {@code shutdown} means the guest
     * powered off; any other stopped state is paused.
     */
    static RunState runState(String status, boolean running) {
        if (status.equals("shutdown")) {
            return RunState.SHUTDOWN;
        }
        return running ? RunState.RUNNING : RunState.PAUSED;
    }

    @Override
    public void setLink(String deviceId, boolean up) {
        qmp.execute("set_link", Map.of("name", deviceId, "up", up));
    }

    @Override
    public List<QemuThreads.Vcpu> vcpuThreads() {
        List<QemuThreads.Vcpu> out = new ArrayList<>();
        for (JsonNode cpu : qmp.execute("query-cpus-fast")) {
            out.add(new QemuThreads.Vcpu(cpu.path("cpu-index").asInt(), cpu.path("thread-id").asLong()));
        }
        return QemuThreads.sorted(out);
    }

    @Override
    public List<QemuThreads.IoThread> ioThreads() {
        List<QemuThreads.IoThread> out = new ArrayList<>();
        for (JsonNode t : qmp.execute("query-iothreads")) {
            out.add(new QemuThreads.IoThread(t.path("id").asText(), t.path("thread-id").asLong()));
        }
        return out;
    }

    @Override
    public List<QemuThreads.HotpluggableCpu> hotpluggableCpus() {
        List<QemuThreads.HotpluggableCpu> out = new ArrayList<>();
        for (JsonNode c : qmp.execute("query-hotpluggable-cpus")) {
            Map<String, Long> props = new LinkedHashMap<>();
            c.path("props").properties().forEach(e -> props.put(e.getKey(), e.getValue().asLong()));
            out.add(new QemuThreads.HotpluggableCpu(c.path("type").asText(), props, c.has("qom-path")));
        }
        return out;
    }

    @Override
    public void run(String command, Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            qmp.execute(command);
        } else {
            qmp.execute(command, arguments);
        }
    }

    @Override
    public DisplayPorts queryDisplayPorts(boolean vnc, boolean spice) {
        Integer vncPort = null;
        Integer websocket = null;
        if (vnc) {
            for (JsonNode server : qmp.execute("query-vnc-servers")) {
                for (JsonNode listen : server.path("server")) {
                    Integer port = port(listen.path("service").asText(""));
                    if (listen.path("websocket").asBoolean(false)) {
                        websocket = websocket == null ? port : websocket;
                    } else {
                        vncPort = vncPort == null ? port : vncPort;
                    }
                }
            }
        }
        Integer spicePort = null;
        Integer tlsPort = null;
        if (spice) {
            JsonNode s = qmp.execute("query-spice");
            if (s.path("enabled").asBoolean(false)) {
                spicePort = s.has("port") && s.path("port").asInt() > 0 ? s.path("port").asInt() : null;
                tlsPort = s.has("tls-port") && s.path("tls-port").asInt() > 0 ? s.path("tls-port").asInt() : null;
            }
        }
        return new DisplayPorts(vncPort, websocket, spicePort, tlsPort);
    }

    /** A TCP port from a QMP service string; null for a unix socket's path or nothing. */
    private static Integer port(String service) {
        try {
            int p = Integer.parseInt(service);
            return p > 0 ? p : null;
        } catch (NumberFormatException notTcp) {
            return null;
        }
    }

    // ---- background jobs

    @Override
    public List<QemuJob> queryJobs() {
        List<QemuJob> out = new ArrayList<>();
        for (JsonNode j : qmp.execute("query-jobs")) {
            out.add(new QemuJob(j.path("id").asText(""), j.path("type").asText(""),
                    JobStatus.of(j.path("status").asText("")), j.path("current-progress").asLong(0),
                    j.path("total-progress").asLong(0), j.hasNonNull("error") ? j.get("error").asText() : null));
        }
        return out;
    }

    @Override
    public DumpProgress queryDump() {
        JsonNode d = qmp.execute("query-dump");
        return new DumpProgress(d.path("status").asText("none"), d.path("completed").asLong(0),
                d.path("total").asLong(0));
    }

    @Override
    public MigrationStatus queryMigrate() {
        JsonNode m = qmp.execute("query-migrate");
        return MigrationStatus.of(m.path("status").asText("none"),
                m.hasNonNull("error-desc") ? m.get("error-desc").asText() : null);
    }

    @Override
    public void jobDismiss(String id) {
        qmp.execute("job-dismiss", Map.of("id", id));
    }

    @Override
    public void jobCancel(String id) {
        qmp.execute("job-cancel", Map.of("id", id));
    }

    @Override
    public void blockJobCancel(String id, boolean force) {
        qmp.execute("block-job-cancel", Map.of("device", id, "force", force));
    }

    @Override
    public void jobComplete(String id) {
        qmp.execute("job-complete", Map.of("id", id));
    }

    @Override
    public void jobFinalize(String id) {
        qmp.execute("job-finalize", Map.of("id", id));
    }

    // ---- internal snapshots

    @Override
    public void snapshotSave(String jobId, String tag, String vmstateNode, List<String> devices) {
        qmp.execute("snapshot-save", Map.of("job-id", jobId, "tag", tag, "vmstate", vmstateNode,
                "devices", List.copyOf(devices)));
    }

    @Override
    public void snapshotLoad(String jobId, String tag, String vmstateNode, List<String> devices) {
        qmp.execute("snapshot-load", Map.of("job-id", jobId, "tag", tag, "vmstate", vmstateNode,
                "devices", List.copyOf(devices)));
    }

    @Override
    public void snapshotDelete(String jobId, String tag, List<String> devices) {
        qmp.execute("snapshot-delete", Map.of("job-id", jobId, "tag", tag, "devices", List.copyOf(devices)));
    }

    // ---- block graph

    @Override
    public void blockdevAdd(BlockNode node) {
        qmp.execute("blockdev-add", BlockNodes.json(node));
    }

    @Override
    public void blockdevSnapshot(List<SnapshotLink> links) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        ArrayNode actions = args.putArray("actions");
        for (SnapshotLink l : links) {
            ObjectNode a = actions.addObject().put("type", "blockdev-snapshot");
            a.putObject("data").put("node", l.node()).put("overlay", l.overlay());
        }
        qmp.execute("transaction", args);
    }

    @Override
    public void blockCommit(String jobId, String deviceNode, String topNode, String baseNode) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("job-id", jobId).put("device", deviceNode)
                .put("top-node", topNode).put("base-node", baseNode).put("auto-finalize", false)
                .put("auto-dismiss", false);
        qmp.execute("block-commit", args);
    }

    @Override
    public List<BlockDevice> queryBlock() {
        List<BlockDevice> out = new ArrayList<>();
        for (JsonNode b : qmp.execute("query-block")) {
            JsonNode in = b.path("inserted");
            String qdev = b.path("qdev").asText(b.path("device").asText(""));
            out.add(new BlockDevice(qdev, in.isMissingNode() ? null : in.path("node-name").asText(null),
                    in.isMissingNode() ? null : in.path("file").asText(null)));
        }
        return out;
    }

    @Override
    public List<BlockNodeInfo> queryNamedBlockNodes() {
        List<BlockNodeInfo> out = new ArrayList<>();
        for (JsonNode n : qmp.execute("query-named-block-nodes", Map.of("flat", true))) {
            out.add(new BlockNodeInfo(n.path("node-name").asText(""), n.path("drv").asText(""),
                    QmpFilenames.plain(n.path("file").asText(null)), n.path("ro").asBoolean(false),
                    n.hasNonNull("backing_file") ? n.get("backing_file").asText() : null));
        }
        return out;
    }

    // ---- devices

    @Override
    public void deviceAdd(Map<String, ?> props) {
        devices.deviceAdd(props);
    }

    @Override
    public void deviceDel(String id) {
        devices.deviceDel(id);
    }

    @Override
    public void blockdevAdd(Map<String, Object> props) {
        devices.blockdevAdd(props);
    }

    @Override
    public void blockdevDel(String nodeName) {
        devices.blockdevDel(nodeName);
    }

    @Override
    public void netdevAdd(Map<String, Object> props) {
        devices.netdevAdd(props);
    }

    @Override
    public void netdevDel(String id) {
        devices.netdevDel(id);
    }

    @Override
    public void objectAdd(Map<String, Object> props) {
        devices.objectAdd(props);
    }

    @Override
    public void objectDel(String id) {
        devices.objectDel(id);
    }

    @Override
    public void openTray(String deviceId, boolean force) {
        devices.openTray(deviceId, force);
    }

    @Override
    public void closeTray(String deviceId) {
        devices.closeTray(deviceId);
    }

    @Override
    public void removeMedium(String deviceId) {
        devices.removeMedium(deviceId);
    }

    @Override
    public void insertMedium(String deviceId, String nodeName) {
        devices.insertMedium(deviceId, nodeName);
    }

    @Override
    public void blockResize(String nodeName, long bytes) {
        devices.blockResize(nodeName, bytes);
    }

    @Override
    public void setIoThrottle(String deviceId, IoThrottle limits) {
        devices.setIoThrottle(deviceId, limits);
    }

    @Override
    public DriveState queryDrive(String deviceId) {
        return devices.queryDrive(deviceId);
    }

    @Override
    public List<String> peripheralIds() {
        return devices.peripheralIds();
    }

    @Override
    public void setPassword(String protocol, String password, String connected) {
        devices.setPassword(protocol, password, connected);
    }

    @Override
    public void expirePassword(String protocol, String time) {
        devices.expirePassword(protocol, time);
    }

    // ---- memory and vCPUs

    @Override
    public void setBalloon(long bytes) {
        resources.setBalloon(bytes);
    }

    @Override
    public long queryBalloon() {
        return resources.queryBalloon();
    }

    @Override
    public BalloonStats balloonStats(String qomPath) {
        return resources.balloonStats(qomPath);
    }

    @Override
    public void setBalloonStatsPeriod(String qomPath, int seconds) {
        resources.setBalloonStatsPeriod(qomPath, seconds);
    }

    @Override
    public List<HotpluggableCpu> queryHotpluggableCpus() {
        return resources.queryHotpluggableCpus();
    }

    @Override
    public List<VcpuThread> queryVcpus() {
        return resources.queryVcpus();
    }
}
