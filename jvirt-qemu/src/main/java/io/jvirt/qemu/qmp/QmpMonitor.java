package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** {@link QemuMonitor} over a {@link QmpClient}. */
public final class QmpMonitor implements QemuMonitor {
    private final QmpClient qmp;

    public QmpMonitor(QmpClient qmp) {
        this.qmp = qmp;
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
    public void run(String command, Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            qmp.execute(command);
        } else {
            qmp.execute(command, arguments);
        }
    }
}
