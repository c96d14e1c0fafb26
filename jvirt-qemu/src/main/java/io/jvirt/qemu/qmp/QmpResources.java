package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link GuestResourceMonitor} over a {@link QmpClient}; {@link QmpMonitor} delegates to it. */
final class QmpResources implements GuestResourceMonitor {
    /** QEMU's answer while the guest has sent no statistics. */
    private static final String NO_STATS_YET = "guest hasn't updated any stats yet";

    private final QmpClient qmp;

    QmpResources(QmpClient qmp) {
        this.qmp = qmp;
    }

    @Override
    public void setBalloon(long bytes) {
        qmp.execute("balloon", Map.of("value", bytes));
    }

    @Override
    public long queryBalloon() {
        return qmp.execute("query-balloon").path("actual").asLong();
    }

    @Override
    public BalloonStats balloonStats(String qomPath) {
        JsonNode answer;
        try {
            answer = qmp.execute("qom-get", Map.of("path", qomPath, "property", "guest-stats"));
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.COMMAND_FAILED && e.getMessage().contains(NO_STATS_YET)) {
                return BalloonStats.NONE;
            }
            throw e;
        }
        return stats(answer);
    }

    /** The statistics in a {@code guest-stats} answer; QEMU reports -1 for what the guest does not send. */
    static BalloonStats stats(JsonNode answer) {
        Map<String, Long> out = new LinkedHashMap<>();
        answer.path("stats").fields().forEachRemaining(e -> {
            long v = e.getValue().asLong(-1);
            if (v >= 0) {
                out.put(e.getKey(), v);
            }
        });
        return new BalloonStats(out, Math.max(0, answer.path("last-update").asLong(0)));
    }

    @Override
    public void setBalloonStatsPeriod(String qomPath, int seconds) {
        qmp.execute("qom-set", Map.of("path", qomPath, "property", "guest-stats-polling-interval", "value", seconds));
    }

    @Override
    public List<HotpluggableCpu> queryHotpluggableCpus() {
        List<HotpluggableCpu> out = new ArrayList<>();
        for (JsonNode c : qmp.execute("query-hotpluggable-cpus")) {
            JsonNode path = c.get("qom-path");
            out.add(new HotpluggableCpu(c.path("type").asText(), c.path("vcpus-count").asInt(1), props(c.path("props")),
                    path == null || path.isNull() ? null : path.asText()));
        }
        return out;
    }

    @Override
    public List<VcpuThread> queryVcpus() {
        List<VcpuThread> out = new ArrayList<>();
        for (JsonNode c : qmp.execute("query-cpus-fast")) {
            out.add(new VcpuThread(c.path("cpu-index").asInt(), c.path("thread-id").asLong(),
                    c.path("qom-path").asText(""), props(c.path("props"))));
        }
        out.sort(Comparator.comparingInt(VcpuThread::cpuIndex));
        return out;
    }

    private static Map<String, Long> props(JsonNode props) {
        Map<String, Long> out = new LinkedHashMap<>();
        props.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
