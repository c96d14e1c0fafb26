package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@link BlockJobMonitor} over a {@link QmpClient}: the one place that writes and reads block job JSON. */
final class QmpBlockJobs implements BlockJobMonitor {
    /** Drivers of the filter nodes jobs insert above a disk's images; they are not images. */
    private static final Set<String> FILTERS = Set.of("mirror_top", "commit_top", "copy-on-read", "throttle",
            "preallocate", "compress", "blkdebug", "blkverify");

    private final QmpClient qmp;

    QmpBlockJobs(QmpClient qmp) {
        this.qmp = qmp;
    }

    @Override
    public void blockJobStart(BlockJobStart job) {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("job-id", job.jobId()).put("device", job.deviceNode());
        String command = switch (job) {
            case BlockJobStart.Commit c -> {
                a.put("top-node", c.topNode()).put("base-node", c.baseNode());
                if (c.backingFile() != null) {
                    a.put("backing-file", c.backingFile());
                }
                yield "block-commit";
            }
            case BlockJobStart.Stream s -> {
                if (s.baseNode() != null) {
                    a.put("base-node", s.baseNode());
                }
                if (s.backingFile() != null) {
                    a.put("backing-file", s.backingFile());
                }
                yield "block-stream";
            }
            case BlockJobStart.Mirror m -> {
                a.put("target", m.targetNode()).put("sync", m.sync().name().toLowerCase(Locale.ROOT));
                if (m.granularity() > 0) {
                    a.put("granularity", m.granularity());
                }
                if (m.bufSize() > 0) {
                    a.put("buf-size", m.bufSize());
                }
                switch (m.copyMode()) {
                    case BACKGROUND -> { }
                    case WRITE_BLOCKING -> a.put("copy-mode", "write-blocking");
                }
                yield "blockdev-mirror";
            }
        };
        if (job.speed() > 0) {
            a.put("speed", job.speed());
        }
        a.put("auto-finalize", false).put("auto-dismiss", false);
        qmp.execute(command, a);
    }

    @Override
    public void blockJobSetSpeed(String jobId, long bytesPerSecond) {
        qmp.execute("block-job-set-speed", Map.of("device", jobId, "speed", bytesPerSecond));
    }

    @Override
    public List<BlockJobInfo> queryBlockJobs() {
        List<BlockJobInfo> out = new ArrayList<>();
        for (JsonNode j : qmp.execute("query-block-jobs")) {
            out.add(new BlockJobInfo(j.path("device").asText(""), j.path("type").asText(""), j.path("offset").asLong(0),
                    j.path("len").asLong(0), j.path("speed").asLong(0), j.path("ready").asBoolean(false),
                    JobStatus.of(j.path("status").asText(""))));
        }
        return out;
    }

    @Override
    public List<BlockChain> queryBlockChains() {
        List<BlockChain> out = new ArrayList<>();
        for (JsonNode b : qmp.execute("query-block")) {
            String qdev = b.path("qdev").asText(b.path("device").asText(""));
            JsonNode in = b.path("inserted");
            if (in.isMissingNode()) {
                out.add(new BlockChain(qdev, null, List.of()));
                continue;
            }
            out.add(new BlockChain(qdev, in.path("node-name").asText(null), layers(in.path("image"))));
        }
        return out;
    }

    /** The images of an {@code ImageInfo} and its {@code backing-image}s, filters and repeats left out. */
    static List<BlockChain.Layer> layers(JsonNode image) {
        List<BlockChain.Layer> out = new ArrayList<>();
        for (JsonNode i = image; i != null && !i.isMissingNode() && !i.isNull(); i = i.get("backing-image")) {
            String file = QmpFilenames.plain(i.path("filename").asText(""));
            String format = i.path("format").asText("");
            if (FILTERS.contains(format) || file.isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && out.getLast().filename().equals(file)) {
                continue;
            }
            out.add(new BlockChain.Layer(file, format, i.path("virtual-size").asLong(0)));
        }
        return out;
    }
}
