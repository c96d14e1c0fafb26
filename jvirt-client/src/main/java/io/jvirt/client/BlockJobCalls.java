package io.jvirt.client;

import io.jvirt.api.BlockJobInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The block job calls of {@link JvirtClient} (see the daemon's BlockJobRoutes): blockcommit,
 * blockpull, blockcopy and blockjob. {@code disk} is a target ({@code vda}) or an image path;
 * speeds are bytes per second (0: no limit). Commit flags are {@code active}, {@code shallow},
 * {@code keep-relative}, {@code delete}; copy flags {@code shallow}, {@code reuse-external},
 * {@code transient-job}, {@code synchronous-writes}.
 */
public final class BlockJobCalls {
    private static final String XML = "application/xml";

    private final JvirtClient client;

    BlockJobCalls(JvirtClient client) {
        this.client = client;
    }

    private static String jobs(String domain, String disk) {
        return "/v1/domains/" + JvirtClient.enc(domain) + "/block-jobs/" + JvirtClient.enc(disk);
    }

    /** {@code ?name=value&...} of the given pairs, leaving out null values. */
    private static String query(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String flags(Set<String> flags) {
        return flags.isEmpty() ? null : flags.stream().map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }

    private static String speed(long bytesPerSecond) {
        return bytesPerSecond == 0 ? null : Long.toString(bytesPerSecond);
    }

    /** Starts merging {@code top} (null: the active layer) into {@code base} (null: the bottom). */
    public BlockJobInfo commit(String domain, String disk, String base, String top, Set<String> flags, long bandwidth) {
        return client.json(client.call("POST", jobs(domain, disk) + "/commit" + query("base", base, "top", top,
                "flags", flags(flags), "bandwidth", speed(bandwidth)), null, null), BlockJobInfo.class);
    }

    /** Starts pulling the layers above {@code base} (null: all) into the active layer. */
    public BlockJobInfo pull(String domain, String disk, String base, boolean keepRelative, long bandwidth) {
        return client.json(client.call("POST", jobs(domain, disk) + "/pull" + query("base", base,
                "flags", keepRelative ? "keep-relative" : null, "bandwidth", speed(bandwidth)), null, null),
                BlockJobInfo.class);
    }

    /** Starts copying the disk to {@code dest} (format, or null for the source's) or to the disk {@code xml} describes. */
    public BlockJobInfo copy(String domain, String disk, String dest, String format, String xml, Set<String> flags,
                             long bandwidth) {
        return copy(domain, disk, dest, format, xml, flags, bandwidth, 0, 0);
    }

    /**
     * Starts a copy with the mirror's granularity and buffer size in bytes (0: QEMU's choice).
     * Flags are {@code shallow}, {@code reuse-external}, {@code transient-job} and
     * {@code synchronous-writes}.
     */
    public BlockJobInfo copy(String domain, String disk, String dest, String format, String xml, Set<String> flags,
                             long bandwidth, long granularity, long bufSize) {
        return client.json(client.call("POST", jobs(domain, disk) + "/copy" + query("dest", dest, "format", format,
                "flags", flags(flags), "bandwidth", speed(bandwidth), "granularity", speed(granularity),
                "buf-size", speed(bufSize)), XML, xml == null ? "" : xml), BlockJobInfo.class);
    }

    /** The disk's job, or how its last one ended ({@code active} false). */
    public BlockJobInfo info(String domain, String disk) {
        return client.json(client.call("GET", jobs(domain, disk), null, null), BlockJobInfo.class);
    }

    /** The jobs running on the domain's disks. */
    public List<BlockJobInfo> list(String domain) {
        BlockJobInfo[] all = client.json(client.call("GET", "/v1/domains/" + JvirtClient.enc(domain) + "/block-jobs",
                null, null), BlockJobInfo[].class);
        return List.of(all);
    }

    /** Ends the disk's job: cancels it, or pivots a ready copy or active commit; waits unless {@code async}. */
    public BlockJobInfo abort(String domain, String disk, boolean pivot, boolean async) {
        return client.json(client.call("DELETE", jobs(domain, disk) + query("pivot", pivot ? "true" : null,
                "async", async ? "true" : null), null, null), BlockJobInfo.class);
    }

    /** Changes the job's speed limit. */
    public BlockJobInfo setSpeed(String domain, String disk, long bytesPerSecond) {
        return client.json(client.call("PUT", jobs(domain, disk) + "/bandwidth" + query("bytes",
                Long.toString(bytesPerSecond)), null, null), BlockJobInfo.class);
    }
}
