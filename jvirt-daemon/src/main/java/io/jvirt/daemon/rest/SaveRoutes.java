package io.jvirt.daemon.rest;

import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.domain.SaveCommand;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.util.Map;

/**
 * The save part of the REST front end: save, restore, managed save, save images and memory
 * dumps. What they do to a domain reaches clients as lifecycle events on {@code /v1/events}
 * (stopped/saved, started/restored, suspended/restored, resumed).
 *
 * <pre>
 * POST   /v1/domains/{ref}/save?file=F[&amp;flags=running,paused,bypass-cache]   body: a definition to record, or empty
 * POST   /v1/domains/{ref}/managed-save[?flags=...]
 * GET    /v1/domains/{ref}/managed-save          {"exists": true, "file": "..."}
 * DELETE /v1/domains/{ref}/managed-save          managedsave-remove
 * POST   /v1/domains/{ref}/dump?file=F[&amp;format=elf]   dump --memory-only
 * POST   /v1/restore?file=F[&amp;flags=running,paused,bypass-cache]   body: a definition to run, or empty
 * GET    /v1/save-images/xml?file=F[&amp;secure=true]   save-image-dumpxml
 * PUT    /v1/save-images/xml?file=F[&amp;flags=running|paused]   save-image-define (body: the definition, or empty)
 * </pre>
 */
final class SaveRoutes {
    private final DomainService domains;

    SaveRoutes(DomainService domains) {
        this.domains = domains;
    }

    /** {@code /v1/domains/{ref}/(save|managed-save|dump)}. */
    Object domain(String method, String sub, Fields q, NetworkRoutes.Body body, String ref) throws IOException {
        return switch (method + " " + sub) {
            case "POST save" -> ApiViews.info(domains.execute(new SaveCommand.Save(ref, required(q, "file"),
                    blankToNull(body.read()), flags(q))));
            case "POST managed-save" -> ApiViews.info(domains.execute(new SaveCommand.ManagedSave(ref, flags(q))));
            case "DELETE managed-save" -> ApiViews.info(domains.execute(new SaveCommand.ManagedSaveRemove(ref)));
            case "GET managed-save" -> {
                DomainObj obj = domains.lookup(ref);
                yield Map.of("exists", domains.saves().hasManagedSave(obj),
                        "file", domains.saves().managedSaveFile(ref).toString());
            }
            case "POST dump" -> {
                String format = q.getValue("format") == null ? "elf" : q.getValue("format");
                yield ApiViews.info(domains.execute(new SaveCommand.Dump(ref, required(q, "file"), format)));
            }
            default -> throw RestHandler.notFound(method, sub);
        };
    }

    /** {@code /v1/restore} and {@code /v1/save-images/xml}. */
    Object top(String method, String[] seg, Fields q, NetworkRoutes.Body body) throws IOException {
        String path = String.join("/", seg);
        return switch (method + " " + path) {
            case "POST v1/restore" -> ApiViews.info(domains.execute(new SaveCommand.Restore(required(q, "file"),
                    blankToNull(body.read()), flags(q))));
            case "GET v1/save-images/xml" -> domains.saves().imageXml(required(q, "file"), RestHandler.secrets(q));
            case "PUT v1/save-images/xml" -> {
                domains.execute(new SaveCommand.ImageDefine(required(q, "file"), blankToNull(body.read()), flags(q)));
                yield domains.saves().imageXml(required(q, "file"), RestHandler.secrets(q));
            }
            default -> throw RestHandler.notFound(method, path);
        };
    }

    private static java.util.Set<SaveCommand.Flag> flags(Fields q) {
        return SnapshotRoutes.flags(q, SaveCommand.Flag.class);
    }

    private static String required(Fields q, String name) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the parameter " + name + " is missing.");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
