package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link QemuMonitor} over a {@link QmpClient}; devices and guest resources are delegated. */
public final class QmpMonitor implements QemuMonitor {
    private final QmpClient qmp;
    private final DeviceMonitor devices;
    private final GuestResourceMonitor resources;

    public QmpMonitor(QmpClient qmp) {
        this.qmp = qmp;
        this.devices = new QmpDevices(qmp);
        this.resources = new QmpResources(qmp);
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
