package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.api.ApiError;
import io.jvirt.api.ApiJson;
import io.jvirt.api.CloneOptions;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Json;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkJson;
import io.jvirt.api.PoolEvent;
import io.jvirt.api.UndefinedStorage;
import io.jvirt.conf.common.Secrets;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.Topic;
import io.jvirt.daemon.clone.CloneService;
import io.jvirt.daemon.domain.Affect;
import io.jvirt.daemon.domain.ConsoleSession;
import io.jvirt.daemon.domain.DomainCommand;
import io.jvirt.daemon.domain.DomainJobs;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.domain.EventBus;
import io.jvirt.daemon.domain.HotplugCommand;
import io.jvirt.daemon.domain.RebootMode;
import io.jvirt.daemon.host.caps.CapabilitiesService;
import io.jvirt.daemon.job.JobAbortedException;
import io.jvirt.daemon.network.ArpAddresses;
import io.jvirt.daemon.network.DomainInterfaces;
import io.jvirt.daemon.network.NetworkService;
import io.jvirt.daemon.storage.DomainStorageRemoval;
import io.jvirt.daemon.storage.StorageService;
import io.jvirt.daemon.storage.VolumeService;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The REST front end: parses HTTP into a {@link DomainCommand} or a query, runs it, and
 * formats the answer as JSON (or XML for definitions). No logic lives here.
 *
 * <pre>
 * GET    /v1/host                          host and daemon facts
 * GET    /v1/domains[?all=true]            list
 * POST   /v1/domains[?transient=true&amp;start=true&amp;paused=true]   define (body: domain XML) or create
 * GET    /v1/domains/{ref}                 dominfo
 * POST   /v1/clones[?print-xml=true]       jvirt clone (body: CloneOptions JSON; answer: CloneResult)
 * DELETE /v1/domains/{ref}[?nvram=delete|keep&amp;keep-tpm=true&amp;snapshots-metadata=true&amp;managed-save=true]
 *        [&amp;storage=all|DISK,...&amp;wipe-storage=true]
 *                                          undefine (a UEFI variable store is deleted, kept, or refused;
 *                                          the disks' storage volumes go too: an UndefinedStorage)
 * GET    /v1/domains/{ref}/xml[?inactive=true&amp;secure=true]   secure: with secrets (--security-info)
 * POST   /v1/domains/{ref}/{start|shutdown|destroy|reboot|reset|suspend|resume}[?timeout=S&amp;paused=true&amp;mode=M]
 * POST   /v1/domains/{ref}/copy-state?from=ORIG   a clone's copy of ORIG's NVRAM and TPM state
 * PUT    /v1/domains/{ref}/autostart       {"enabled": true}
 * POST   /v1/domains/{ref}/console[?force=true]   a console session: keystrokes in the request body,
 *                                          guest output in the answer ({@link ConsoleRelay}); 409
 *                                          CONSOLE_BUSY while another session has it, unless force
 * GET    /v1/domains/{ref}/console-log?offset=N
 * GET    /v1/domains/{ref}/displays[?secure=true]   vncdisplay / domdisplay (secure: with passwords)
 * GET    /v1/domains/{ref}/interfaces[?addresses=true|inactive=true]   domiflist / domifaddr
 * GET    /v1/domains/{ref}/interfaces?source=arp      domifaddr --source arp (GuestInterface list)
 * PUT    /v1/domains/{ref}/interfaces/{dev|mac}/link[?config=true]   {"up": false}
 * GET    /v1/events                        server-sent domain lifecycle events
 * /v1/domains/{ref}/{blocks|block-info|block-stats|interface-stats|cpu-stats|screenshot|send-key|monitor-command},
 * /v1/domain-stats, /v1/host/{node-info|memory-stats|cpu-stats}   see {@link InspectRoutes}
 * /v1/host/{capabilities|domain-capabilities}   see {@link CapsRoutes}
 * /v1/domains/{ref}/job[/abort]          domjobinfo, domjobabort: see {@link JobRoutes}
 * GET    /v1/events/qemu-monitor           server-sent QMP events of every domain, as QEMU sent them
 * GET    /v1/events/networks               server-sent network lifecycle events
 * GET    /v1/events/pools                  server-sent storage pool lifecycle events
 * /v1/domains/{ref}/{devices|memory|vcpus|emulator|iotune|iftune|block-size|rename}   see {@link HotplugRoutes}
 * /v1/domains/{ref}/snapshots...          see {@link SnapshotRoutes}
 * /v1/domains/{ref}/agent/...              see {@link AgentRoutes}
 * /v1/domxml-to-native, /v1/domxml-from-native   see {@link NativeRoutes}
 * /v1/domains/{ref}/(save|managed-save|dump), /v1/restore, /v1/save-images   see {@link SaveRoutes}
 * /v1/domains/{ref}/block-jobs...          see {@link BlockJobRoutes}
 * /v1/networks...                          see {@link NetworkRoutes}
 * /v1/pools..., /v1/volumes, /v1/images  see {@link StorageRoutes}, {@link VolumeTransfer}
 * </pre>
 */
public final class RestHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final int MAX_LOG_CHUNK = 256 * 1024;

    private final DomainService domains;
    private final EventBus events;
    private final Topic<NetworkEvent> networkEvents;
    private final Topic<PoolEvent> poolEvents;
    private final Supplier<Object> hostInfo;
    private final NetworkRoutes networks;
    private final DomainInterfaces nics;
    private final ArpAddresses arp;
    private final StorageRoutes storage;
    private final VolumeTransfer transfer;
    private final HotplugRoutes hotplug;
    private final InspectRoutes inspect;
    private final AgentRoutes agent;
    private final SnapshotRoutes snapshots;
    private final SaveRoutes saves;
    private final CapsRoutes caps;
    private final NativeRoutes natives;
    private final JobRoutes jobs;
    private final BlockJobRoutes blockJobs;
    private final DomainStorageRemoval storageRemoval;
    private final CloneService clones;

    public RestHandler(DomainService domains, NetworkService networks, StorageService pools, VolumeService volumes,
                       EventBus events, Supplier<Object> hostInfo, CapabilitiesService caps) {
        this.domains = domains;
        this.events = events;
        this.networkEvents = networks.events();
        this.poolEvents = pools.events();
        this.hostInfo = hostInfo;
        this.networks = new NetworkRoutes(networks);
        this.nics = new DomainInterfaces(networks);
        this.arp = new ArpAddresses();
        this.storage = new StorageRoutes(pools, volumes);
        this.transfer = new VolumeTransfer(volumes);
        this.hotplug = new HotplugRoutes(domains);
        this.inspect = new InspectRoutes(domains.inspect());
        this.agent = new AgentRoutes(domains.agent(), domains.agentTimeouts());
        this.snapshots = new SnapshotRoutes(domains);
        this.saves = new SaveRoutes(domains);
        this.caps = new CapsRoutes(caps);
        this.natives = new NativeRoutes(domains.natives());
        this.jobs = new JobRoutes(new DomainJobs(domains));
        this.blockJobs = new BlockJobRoutes(domains);
        this.storageRemoval = new DomainStorageRemoval(domains, volumes, pools);
        this.clones = new CloneService(domains, volumes, pools);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.equals("/v1/events") && method.equals("GET")) {
                new EventStream<>(events::subscribe, json()).serve(response, callback);
                return true;
            }
            if (path.equals("/v1/events/networks") && method.equals("GET")) {
                new EventStream<>(networkEvents::subscribe, json()).serve(response, callback);
                return true;
            }
            if (path.equals("/v1/events/qemu-monitor") && method.equals("GET")) {
                new EventStream<>(domains.monitorEvents().topic()::subscribe, json()).serve(response, callback);
                return true;
            }
            if (path.equals("/v1/events/pools") && method.equals("GET")) {
                new EventStream<>(poolEvents::subscribe, json()).serve(response, callback);
                return true;
            }
            Fields query = Request.extractQueryParameters(request);
            String[] seg = path.substring(1).split("/", -1);
            if (seg.length < 2 || !seg[0].equals("v1")) {
                throw notFound(method, path);
            }
            if (seg.length == 4 && seg[1].equals("domains") && seg[3].equals("console") && method.equals("POST")) {
                String ref = java.net.URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
                ConsoleSession session = domains.openConsole(ref, bool(query, "force"));
                ConsoleRelay.serve(session, request, response, callback);
                return true;
            }
            if (seg.length == 6 && seg[1].equals("pools") && seg[3].equals("volumes") && seg[5].equals("data")) {
                String pool = java.net.URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
                String vol = java.net.URLDecoder.decode(seg[4], StandardCharsets.UTF_8);
                if (method.equals("GET")) {
                    download(request, response, callback, pool, vol, query);
                    return true;
                }
                if (!method.equals("PUT")) {
                    throw notFound(method, path);
                }
                respond(response, callback, 200, "application/json", transfer.upload(request, pool, vol, query));
                return true;
            }
            Object result = route(request, method, seg, query, response);
            if (result instanceof String text) {
                respond(response, callback, 200, "application/xml", text.getBytes(StandardCharsets.UTF_8));
            } else if (result instanceof byte[] bytes) {
                respond(response, callback, 200, "application/octet-stream", bytes);
            } else if (result instanceof DomainInfo d) {
                respond(response, callback, 200, "application/json", ApiJson.write(d));
            } else if (result instanceof JsonBody body) {
                respond(response, callback, 200, "application/json", body.bytes());
            } else if (result instanceof DomainList list) {
                respond(response, callback, 200, "application/json", ApiJson.write(list.domains()));
            } else {
                respond(response, callback, 200, "application/json", json().writeValueAsBytes(result));
            }
        } catch (DaemonException e) {
            fail(response, callback, e.code(), e.getMessage());
        } catch (IllegalArgumentException e) {
            fail(response, callback, ErrorCode.INVALID_ARGUMENT, e.getMessage());
        } catch (JobAbortedException e) {
            // domjobabort stopped it (libvirt: "operation aborted: ... canceled by client")
            fail(response, callback, ErrorCode.INVALID_STATE, "The " + e.operation().label().toLowerCase(Locale.ROOT)
                    + " job was aborted by request (domjobabort); what it had done was undone.");
        } catch (Exception e) {
            LOG.log(Level.WARNING, method + " " + path + " failed", e);
            fail(response, callback, ErrorCode.INTERNAL, "jvirtd failed to handle " + method + " " + path + ": " + e
                    + "; see the daemon's log.");
        }
        return true;
    }

    /** A download streams its answer: failures before the first byte are answered, later ones abort. */
    private void download(Request req, Response resp, Callback callback, String pool, String vol, Fields q) {
        try {
            transfer.download(req, resp, pool, vol, q);
            callback.succeeded();
        } catch (DaemonException e) {
            failOrAbort(resp, callback, e.code(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            failOrAbort(resp, callback, ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "download of volume " + vol + " of pool " + pool + " failed", e);
            failOrAbort(resp, callback, ErrorCode.INTERNAL, "jvirtd failed to send volume '" + vol + "': " + e
                    + "; see the daemon's log.", e);
        }
    }

    private void failOrAbort(Response resp, Callback callback, ErrorCode code, String message, Throwable cause) {
        if (resp.isCommitted()) {
            callback.failed(cause);
        } else {
            resp.getHeaders().remove(io.jvirt.api.SparseStream.LENGTH_HEADER);
            fail(resp, callback, code, message);
        }
    }

    private Object route(Request req, String method, String[] seg, Fields q, Response resp) throws IOException {
        String top = seg[1];
        if (CapsRoutes.serves(seg)) {
            return caps.route(method, seg, q);
        }
        if (NativeRoutes.serves(seg)) {
            return natives.route(method, seg, q, () -> body(req));
        }
        if (InspectRoutes.servesTop(seg)) {
            return inspect.top(method, seg, q);
        }
        if (top.equals("host") && seg.length == 2 && method.equals("GET")) {
            return hostInfo.get();
        }
        if (top.equals("networks")) {
            return networks.route(method, seg, q, () -> body(req));
        }
        if (top.equals("pools")) {
            return storage.route(req, method, seg, q);
        }
        if (top.equals("volumes")) {
            return storage.volumeByKey(method, seg, q);
        }
        if (top.equals("images")) {
            return storage.imageHolders(method, seg, q);
        }
        if (top.equals("clones") && seg.length == 2 && method.equals("POST")) {
            return clones.clone(json().readValue(body(req), CloneOptions.class), bool(q, "print-xml"));
        }
        if (top.equals("restore") || top.equals("save-images")) {
            return saves.top(method, seg, q, () -> body(req));
        }
        if (!top.equals("domains")) {
            throw notFound(method, String.join("/", seg));
        }
        if (seg.length == 2) {
            return switch (method) {
                case "GET" -> {
                    List<DomainInfo> out = new ArrayList<>();
                    for (DomainObj d : domains.list(bool(q, "all"))) {
                        out.add(ApiViews.info(d));
                    }
                    yield new DomainList(out);
                }
                case "POST" -> {
                    String xml = body(req);
                    DomainCommand cmd = bool(q, "transient")
                            ? new DomainCommand.Create(xml, bool(q, "paused"))
                            : new DomainCommand.Define(xml);
                    yield ApiViews.info(domains.execute(cmd));
                }
                default -> throw notFound(method, "/v1/domains");
            };
        }
        String ref = java.net.URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
        if (seg.length == 3) {
            return switch (method) {
                case "GET" -> ApiViews.info(domains.lookup(ref));
                case "DELETE" -> undefine(ref, q);
                default -> throw notFound(method, "/v1/domains/" + ref);
            };
        }
        String sub = seg[3];
        if (JobRoutes.serves(seg)) {
            return jobs.route(method, ref, seg, q);
        }
        if (HotplugRoutes.serves(sub)) {
            return hotplug.route(method, ref, seg, q, () -> body(req));
        }
        if (AgentRoutes.serves(sub)) {
            return agent.route(method, ref, seg, q, () -> body(req));
        }
        if (seg.length == 4 && InspectRoutes.servesDomain(sub)) {
            return inspect.domain(method, ref, sub, q, () -> body(req));
        }
        if (sub.equals("interfaces")) {
            return interfaces(req, method, seg, q, ref);
        }
        if (BlockJobRoutes.serves(sub)) {
            return blockJobs.route(method, seg, q, () -> body(req), ref);
        }
        if (sub.equals("snapshots") || sub.equals("current-snapshot")) {
            return snapshots.route(method, seg, q, () -> body(req), ref);
        }
        if (seg.length == 4 && (sub.equals("save") || sub.equals("managed-save") || sub.equals("dump"))) {
            return saves.domain(method, sub, q, () -> body(req), ref);
        }
        if (method.equals("GET")) {
            return switch (sub) {
                case "xml" -> domains.xml(ref, bool(q, "inactive"), secrets(q));
                case "console-log" -> readLog(domains.consoleLog(ref), longParam(q, "offset", 0));
                case "displays" -> domains.displays(ref, secrets(q));
                default -> throw notFound(method, sub);
            };
        }
        DomainCommand cmd = switch (method + " " + sub) {
            case "POST start" -> new DomainCommand.Start(ref, bool(q, "paused"), bool(q, "force-boot"));
            case "POST shutdown" -> new DomainCommand.Shutdown(ref,
                    q.get("timeout") == null ? null : Duration.ofSeconds(longParam(q, "timeout", 0)),
                    RebootMode.parse(q.getValue("mode"), "shutdown"));
            case "POST destroy" -> new DomainCommand.Destroy(ref, bool(q, "graceful"));
            case "POST reboot" -> new DomainCommand.Reboot(ref, RebootMode.parse(q.getValue("mode")));
            case "POST reset" -> new DomainCommand.Reset(ref);
            case "POST suspend" -> new DomainCommand.Suspend(ref);
            case "POST resume" -> new DomainCommand.Resume(ref);
            case "POST pm-wakeup" -> new DomainCommand.PmWakeup(ref);
            case "POST pm-suspend" -> new DomainCommand.PmSuspend(ref, q.getValue("target"),
                    longParam(q, "duration", 0));
            case "POST copy-state" -> {
                String from = q.getValue("from");
                if (from == null || from.isEmpty()) {
                    throw new IllegalArgumentException("copy-state needs the original domain: ?from=NAME.");
                }
                yield new DomainCommand.CopyState(ref, from);
            }
            case "PUT autostart" -> {
                JsonNode n = json().readTree(body(req));
                if (n == null || !n.has("enabled") || !n.get("enabled").isBoolean()) {
                    throw new IllegalArgumentException("the body must be {\"enabled\": true|false}.");
                }
                yield new DomainCommand.SetAutostart(ref, n.get("enabled").asBoolean());
            }
            default -> throw notFound(method, sub);
        };
        return ApiViews.info(domains.execute(cmd));
    }

    /**
     * undefine; with {@code storage=all} or {@code storage=vda,PATH,...} (repeatable) and
     * {@code wipe-storage=true}, the disks' storage volumes go too ({@link DomainStorageRemoval}).
     */
    private Object undefine(String ref, Fields q) {
        DomainCommand.Undefine u = new DomainCommand.Undefine(ref, nvramPolicy(q), bool(q, "keep-tpm"),
                bool(q, "snapshots-metadata"), bool(q, "managed-save"));
        List<String> storage = new ArrayList<>();
        List<String> given = q.getValues("storage");
        for (String v : given == null ? List.<String>of() : given) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    storage.add(part.strip());
                }
            }
        }
        if (storage.isEmpty()) {
            if (bool(q, "wipe-storage")) {
                throw new IllegalArgumentException("wipe-storage needs storage=all or storage=DISK,...: the volumes to "
                        + "wipe.");
            }
            return ApiViews.info(domains.execute(u));
        }
        boolean all = storage.equals(List.of("all"));
        DomainStorageRemoval.Outcome o = storageRemoval.undefine(u, new DomainStorageRemoval.Storage(all,
                all ? List.of() : storage, bool(q, "wipe-storage")));
        return new UndefinedStorage(ApiViews.info(o.domain()), o.volumes().stream()
                .map(v -> new UndefinedStorage.Volume(v.target(), v.source(), v.pool(), v.volume(), v.removed(),
                        v.message())).toList());
    }

    /** The {@code nvram} query parameter of undefine: {@code delete}, {@code keep}, or absent. */
    private static DomainCommand.NvramPolicy nvramPolicy(Fields q) {
        String v = q.getValue("nvram");
        if (v == null) {
            return DomainCommand.NvramPolicy.REFUSE;
        }
        return switch (v) {
            case "delete" -> DomainCommand.NvramPolicy.DELETE;
            case "keep" -> DomainCommand.NvramPolicy.KEEP;
            default -> throw new IllegalArgumentException("the parameter nvram must be 'delete' or 'keep', not '" + v
                    + "'.");
        };
    }

    private Object interfaces(Request req, String method, String[] seg, Fields q, String ref) throws IOException {
        if (seg.length == 4 && method.equals("GET") && "arp".equals(q.getValue("source"))) {
            return arp.of(domains.lookup(ref));
        }
        if (seg.length == 4 && method.equals("GET")) {
            return new JsonBody(NetworkJson.writeInterfaces(nics.of(domains.lookup(ref), bool(q, "addresses"),
                    bool(q, "inactive"))));
        }
        if (seg.length == 6 && seg[5].equals("link") && method.equals("PUT")) {
            String iface = java.net.URLDecoder.decode(seg[4], StandardCharsets.UTF_8);
            JsonNode n = json().readTree(body(req));
            if (n == null || !n.has("up") || !n.get("up").isBoolean()) {
                throw new IllegalArgumentException("the body must be {\"up\": true|false}.");
            }
            boolean config = bool(q, "config");
            DomainObj d = domains.execute(new DomainCommand.Hotplug(ref, new HotplugCommand.SetLink(iface,
                    n.get("up").asBoolean(), config ? new Affect(false, true, false) : Affect.CURRENT)));
            boolean inactive = config || !d.status().active();
            return new JsonBody(NetworkJson.write(nics.of(d, false, inactive).stream()
                    .filter(i -> iface.equals(i.device()) || iface.equalsIgnoreCase(i.mac())).findFirst().orElseThrow()));
        }
        throw notFound(method, String.join("/", seg));
    }

    /** A list answer, kept apart from other results so it gets the streaming encoder. */
    private record DomainList(List<DomainInfo> domains) { }

    /**
     * Data binding for the rarer answers (host, events). Loaded on first use only:
     * the frequent paths (define, list, info, errors) use {@link ApiJson}, so a daemon that
     * only serves those never loads Jackson's data binding.
     */
    static ObjectMapper json() {
        return Json.mapper();
    }

    private static byte[] readLog(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (offset >= len) {
                return new byte[0];
            }
            byte[] buf = new byte[(int) Math.min(MAX_LOG_CHUNK, len - Math.max(0, offset))];
            f.seek(Math.max(0, offset));
            f.readFully(buf);
            return buf;
        } catch (java.io.FileNotFoundException e) {
            return new byte[0];
        }
    }

    static String body(Request req) throws IOException {
        long len = req.getLength();
        if (len > MAX_BODY) {
            throw new IllegalArgumentException("the request body is larger than " + MAX_BODY + " bytes.");
        }
        return Content.Source.asString(req, StandardCharsets.UTF_8);
    }

    /**
     * The secrets a client asked for with {@code secure=true} (virsh's {@code --security-info},
     * libvirt's {@code VIR_DOMAIN_XML_SECURE}). Every client of the 0600 API socket has full
     * access, so asking is enough; a read-only socket would have to refuse it.
     */
    static Secrets secrets(Fields q) {
        return Secrets.asked(bool(q, "secure"));
    }

    static boolean bool(Fields q, String name) {
        String v = q.getValue(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    /** When this daemon process started, to the second, for {@link #notFound}. */
    private static final String STARTED = ProcessHandle.current().info().startInstant()
            .map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("an unknown time");

    static long longParam(Fields q, String name, long dflt) {
        String v = q.getValue(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the parameter " + name + "='" + v + "' is not a number.");
        }
    }

    /**
     * A request no route knows. The likeliest cause for a user is a client newer than the daemon
     * it talks to (jvirt updated while an older jvirtd keeps running), so the sentence says so.
     */
    static DaemonException notFound(String method, String what) {
        return new DaemonException(ErrorCode.NOT_FOUND, "this jvirtd (running since " + STARTED + ") does not know "
                + "the request " + method + " " + what + "; if jvirt was updated after it started, restart jvirtd "
                + "to run the new version.");
    }

    private void fail(Response response, Callback callback, ErrorCode code, String message) {
        try {
            respond(response, callback, code.httpStatus(), "application/json",
                    ApiJson.write(new ApiError(code.name(), message)));
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static void respond(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
