package io.jvirt.daemon.rest;

import io.jvirt.daemon.domain.DomainJobs;
import org.eclipse.jetty.util.Fields;

/**
 * The REST routes of a domain's job; no logic beyond parsing.
 *
 * <pre>
 * GET  /v1/domains/{ref}/job[?completed=true&amp;keep-completed=true]   domjobinfo
 * POST /v1/domains/{ref}/job/abort                                 domjobabort
 * </pre>
 */
final class JobRoutes {
    private final DomainJobs jobs;

    JobRoutes(DomainJobs jobs) {
        this.jobs = jobs;
    }

    /** Whether {@code /v1/domains/{ref}/job...} is one of these routes. */
    static boolean serves(String[] seg) {
        return seg.length >= 4 && seg[3].equals("job") && (seg.length == 4 || seg.length == 5 && seg[4].equals("abort"));
    }

    Object route(String method, String ref, String[] seg, Fields q) {
        if (seg.length == 4 && method.equals("GET")) {
            return jobs.info(ref, RestHandler.bool(q, "completed"), RestHandler.bool(q, "keep-completed"));
        }
        if (seg.length == 5 && method.equals("POST")) {
            return jobs.abort(ref);
        }
        throw RestHandler.notFound(method, String.join("/", seg));
    }
}
