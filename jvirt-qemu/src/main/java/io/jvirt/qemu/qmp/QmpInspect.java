package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link InspectMonitor} over a {@link QmpClient}: the one place that reads the JSON of the
 * statistics commands.
 */
final class QmpInspect implements InspectMonitor {
    private final QmpClient qmp;

    QmpInspect(QmpClient qmp) {
        this.qmp = qmp;
    }

    @Override
    public List<BlockIoStats> blockIoStats() {
        return blockIoStats(qmp.execute("query-blockstats"));
    }

    /** Decodes {@code query-blockstats}'s answer (tests feed recorded answers). */
    static List<BlockIoStats> blockIoStats(JsonNode answer) {
        List<BlockIoStats> out = new ArrayList<>();
        for (JsonNode b : answer) {
            JsonNode s = b.path("stats");
            JsonNode parent = b.path("parent").path("stats");
            Long highest = parent.has("wr_highest_offset") ? Long.valueOf(parent.path("wr_highest_offset").asLong())
                    : s.has("wr_highest_offset") ? Long.valueOf(s.path("wr_highest_offset").asLong()) : null;
            out.add(new BlockIoStats(text(b, "node-name"), text(b, "qdev"), s.path("rd_bytes").asLong(),
                    s.path("wr_bytes").asLong(), s.path("rd_operations").asLong(), s.path("wr_operations").asLong(),
                    s.path("flush_operations").asLong(), s.path("rd_total_time_ns").asLong(),
                    s.path("wr_total_time_ns").asLong(), s.path("flush_total_time_ns").asLong(), highest));
        }
        return out;
    }

    @Override
    public List<BlockImageSize> blockImageSizes() {
        return blockImageSizes(qmp.execute("query-block"));
    }

    /** Decodes {@code query-block}'s answer; devices without a medium are left out. */
    static List<BlockImageSize> blockImageSizes(JsonNode answer) {
        List<BlockImageSize> out = new ArrayList<>();
        for (JsonNode b : answer) {
            JsonNode inserted = b.path("inserted");
            if (inserted.isMissingNode()) {
                continue;
            }
            JsonNode image = inserted.path("image");
            Long actual = image.has("actual-size") ? Long.valueOf(image.path("actual-size").asLong()) : null;
            out.add(new BlockImageSize(text(inserted, "node-name"), text(b, "qdev"),
                    image.has("filename") ? image.path("filename").asText() : text(inserted, "file"),
                    image.has("format") ? image.path("format").asText() : text(inserted, "drv"),
                    image.path("virtual-size").asLong(), actual));
        }
        return out;
    }

    @Override
    public Long balloonActualBytes() {
        try {
            return qmp.execute("query-balloon").path("actual").asLong();
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.COMMAND_FAILED && e.errorClass().filter("DeviceNotActive"::equals).isPresent()) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public BalloonGuestStats balloonGuestStats(String balloonPath) {
        JsonNode answer;
        try {
            answer = qmp.execute("qom-get", Map.of("path", balloonPath, "property", "guest-stats"));
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.COMMAND_FAILED) {
                return BalloonGuestStats.NONE; // no such device, or stats not enabled
            }
            throw e;
        }
        return balloonGuestStats(answer);
    }

    /** Decodes the {@code guest-stats} property; QEMU's "not reported" (-1, as an unsigned number) is left out. */
    static BalloonGuestStats balloonGuestStats(JsonNode answer) {
        Map<String, Long> stats = new LinkedHashMap<>();
        answer.path("stats").properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
                stats.put(e.getKey(), v.asLong());
            }
        });
        return new BalloonGuestStats(answer.path("last-update").asLong(0), stats);
    }

    @Override
    public void screendump(Path file, String device, int head, ScreenFormat format) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("filename", file.toString());
        if (device != null) {
            args.put("device", device);
            args.put("head", head);
        }
        args.put("format", switch (format) {
            case PNG -> "png";
            case PPM -> "ppm";
        });
        qmp.execute("screendump", args);
    }

    @Override
    public void sendKey(List<Integer> qnums, int holdMs) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int k : qnums) {
            keys.add(Map.of("type", "number", "data", k));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("keys", keys);
        if (holdMs > 0) {
            args.put("hold-time", holdMs);
        }
        qmp.execute("send-key", args);
    }

    @Override
    public String humanCommand(String commandLine) {
        return qmp.execute("human-monitor-command", Map.of("command-line", commandLine)).asText();
    }

    @Override
    public String passthrough(String commandJson) {
        return qmp.passthrough(commandJson);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
