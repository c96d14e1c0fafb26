package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link DeviceMonitor} over a {@link QmpClient}; {@link QmpMonitor} delegates to it. */
final class QmpDevices implements DeviceMonitor {
    private final QmpClient qmp;

    QmpDevices(QmpClient qmp) {
        this.qmp = qmp;
    }

    @Override
    public void deviceAdd(Map<String, ?> props) {
        qmp.execute("device_add", props);
    }

    @Override
    public void deviceDel(String id) {
        qmp.execute("device_del", Map.of("id", id));
    }

    @Override
    public void blockdevAdd(Map<String, Object> props) {
        qmp.execute("blockdev-add", props);
    }

    @Override
    public void blockdevDel(String nodeName) {
        qmp.execute("blockdev-del", Map.of("node-name", nodeName));
    }

    @Override
    public void netdevAdd(Map<String, Object> props) {
        qmp.execute("netdev_add", props);
    }

    @Override
    public void netdevDel(String id) {
        qmp.execute("netdev_del", Map.of("id", id));
    }

    @Override
    public void objectAdd(Map<String, Object> props) {
        qmp.execute("object-add", props);
    }

    @Override
    public void objectDel(String id) {
        qmp.execute("object-del", Map.of("id", id));
    }

    @Override
    public void openTray(String deviceId, boolean force) {
        qmp.execute("blockdev-open-tray", Map.of("id", deviceId, "force", force));
    }

    @Override
    public void closeTray(String deviceId) {
        qmp.execute("blockdev-close-tray", Map.of("id", deviceId));
    }

    @Override
    public void removeMedium(String deviceId) {
        qmp.execute("blockdev-remove-medium", Map.of("id", deviceId));
    }

    @Override
    public void insertMedium(String deviceId, String nodeName) {
        qmp.execute("blockdev-insert-medium", Map.of("id", deviceId, "node-name", nodeName));
    }

    @Override
    public void blockResize(String nodeName, long bytes) {
        qmp.execute("block_resize", Map.of("node-name", nodeName, "size", bytes));
    }

    @Override
    public void setIoThrottle(String deviceId, IoThrottle limits) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("id", deviceId);
        for (String name : IoThrottle.REQUIRED) {
            args.put(name, limits.get(name));
        }
        limits.limits().forEach(args::putIfAbsent);
        if (limits.group() != null) {
            args.put("group", limits.group());
        }
        qmp.execute("block_set_io_throttle", args);
    }

    @Override
    public DriveState queryDrive(String deviceId) {
        for (JsonNode b : qmp.execute("query-block")) {
            String qdev = b.path("qdev").asText();
            if (!deviceId.equals(qdev) && !qdev.equals("/machine/peripheral/" + deviceId)
                    && !qdev.startsWith("/machine/peripheral/" + deviceId + "/")) {
                continue;
            }
            JsonNode inserted = b.path("inserted");
            String node = inserted.isMissingNode() ? null : inserted.path("node-name").asText(null);
            return new DriveState(deviceId, b.path("tray_open").asBoolean(false), node, throttle(inserted));
        }
        throw new QmpException(QmpException.Kind.COMMAND_FAILED, "QEMU has no drive with device id '" + deviceId
                + "'.", "DeviceNotFound", null);
    }

    /** The limits in a {@code query-block} entry's {@code inserted} member. */
    static IoThrottle throttle(JsonNode inserted) {
        if (inserted.isMissingNode()) {
            return IoThrottle.NONE;
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        inserted.fields().forEachRemaining(e -> {
            String k = e.getKey();
            boolean limit = k.startsWith("bps") || k.startsWith("iops");
            if (limit && e.getValue().isIntegralNumber()) {
                limits.put(k, e.getValue().asLong());
            }
        });
        JsonNode group = inserted.get("group");
        return new IoThrottle(limits, group == null || group.isNull() ? null : group.asText());
    }

    @Override
    public List<String> peripheralIds() {
        List<String> out = new ArrayList<>();
        for (JsonNode child : qmp.execute("qom-list", Map.of("path", "/machine/peripheral"))) {
            if (child.path("type").asText("").startsWith("child<")) {
                out.add(child.path("name").asText());
            }
        }
        return out;
    }

    @Override
    public void setPassword(String protocol, String password, String connected) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("protocol", protocol);
        args.put("password", password);
        if (connected != null) {
            args.put("connected", connected);
        }
        qmp.execute("set_password", args);
    }

    @Override
    public void expirePassword(String protocol, String time) {
        qmp.execute("expire_password", Map.of("protocol", protocol, "time", time));
    }
}
