package io.jvirt.daemon.rest;

import io.jvirt.daemon.domain.BlockJobCommand;
import io.jvirt.daemon.domain.BlockJobService;
import io.jvirt.daemon.domain.DomainService;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The block job part of the REST front end (virsh's blockcommit, blockpull, blockcopy and
 * blockjob). {@code DISK} is a disk's target or its image's path (URL-encoded); speeds are
 * bytes per second. Every answer is a {@link io.jvirt.api.BlockJobInfo}; a job's ready state
 * and its end reach clients as {@code block-job} and {@code block-job-2} events on
 * {@code /v1/events}.
 *
 * <pre>
 * GET    /v1/domains/{ref}/block-jobs                 the jobs running on the domain's disks
 * GET    /v1/domains/{ref}/block-jobs/{disk}          blockjob --info (the running job, or how the last ended)
 * POST   /v1/domains/{ref}/block-jobs/{disk}/commit?[base=B][&amp;top=T][&amp;flags=active,shallow,keep-relative,delete][&amp;bandwidth=N]
 * POST   /v1/domains/{ref}/block-jobs/{disk}/pull?[base=B][&amp;flags=keep-relative][&amp;bandwidth=N]
 * POST   /v1/domains/{ref}/block-jobs/{disk}/copy?[dest=F][&amp;format=qcow2|raw][&amp;flags=shallow,reuse-external,transient-job,synchronous-writes]
 *                                                      [&amp;bandwidth=N][&amp;granularity=N][&amp;buf-size=N]
 *                                                      body: the destination's disk XML, or empty
 * DELETE /v1/domains/{ref}/block-jobs/{disk}[?pivot=true][&amp;async=true]   blockjob --abort [--pivot] [--async]
 * PUT    /v1/domains/{ref}/block-jobs/{disk}/bandwidth?bytes=N              blockjob --bandwidth
 * </pre>
 */
final class BlockJobRoutes {
    private final DomainService domains;

    BlockJobRoutes(DomainService domains) {
        this.domains = domains;
    }

    /** Whether {@code sub} (the segment after the domain) is this area's. */
    static boolean serves(String sub) {
        return sub.equals("block-jobs");
    }

    /** {@code seg} is {@code v1, domains, ref, block-jobs[, disk[, action]]}. */
    Object route(String method, String[] seg, Fields q, NetworkRoutes.Body body, String ref) throws IOException {
        BlockJobService jobs = domains.blockJobs();
        if (seg.length == 4) {
            if (method.equals("GET")) {
                return jobs.list(ref);
            }
            throw RestHandler.notFound(method, "block-jobs");
        }
        String disk = URLDecoder.decode(seg[4], StandardCharsets.UTF_8);
        String action = seg.length == 6 ? seg[5] : "";
        if (seg.length > 6) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        long bandwidth = RestHandler.longParam(q, "bandwidth", 0);
        return switch (method + " " + action) {
            case "GET " -> jobs.info(ref, disk);
            case "POST commit" -> jobs.execute(new BlockJobCommand.Commit(ref, disk, q.getValue("base"),
                    q.getValue("top"), SnapshotRoutes.flags(q, BlockJobCommand.CommitFlag.class), bandwidth));
            case "POST pull" -> jobs.execute(new BlockJobCommand.Pull(ref, disk, q.getValue("base"),
                    SnapshotRoutes.flags(q, PullFlag.class).contains(PullFlag.KEEP_RELATIVE), bandwidth));
            case "POST copy" -> {
                String xml = body.read();
                yield jobs.execute(new BlockJobCommand.Copy(ref, disk, q.getValue("dest"), q.getValue("format"),
                        xml == null || xml.isBlank() ? null : xml,
                        SnapshotRoutes.flags(q, BlockJobCommand.CopyFlag.class), bandwidth,
                        RestHandler.longParam(q, "granularity", 0), RestHandler.longParam(q, "buf-size", 0)));
            }
            case "DELETE " -> jobs.execute(new BlockJobCommand.Abort(ref, disk, RestHandler.bool(q, "pivot"),
                    RestHandler.bool(q, "async")));
            case "PUT bandwidth" -> jobs.execute(new BlockJobCommand.SetSpeed(ref, disk,
                    RestHandler.longParam(q, "bytes", 0)));
            default -> throw RestHandler.notFound(method, "block-jobs/" + disk + (action.isEmpty() ? "" : "/" + action));
        };
    }

    /** The pull's only flag. */
    private enum PullFlag {
        KEEP_RELATIVE
    }
}
