package io.jvirt.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.StorageJson;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.daemon.storage.PoolObj;
import io.jvirt.daemon.storage.StorageService;
import io.jvirt.daemon.storage.VolumeService;
import io.jvirt.storage.CloneMode;
import io.jvirt.storage.ResizeFlag;
import io.jvirt.storage.TransferProgress;
import io.jvirt.storage.VolumeInfo;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The storage part of the REST front end: parses, calls {@link StorageService} or
 * {@link VolumeService}, returns the answer for {@link RestHandler} to write. Volume bytes
 * travel through {@link VolumeTransfer}.
 *
 * <pre>
 * GET    /v1/pools[?all=true]                              pool-list
 * POST   /v1/pools[?transient=true&amp;build=true&amp;overwrite=true]   define (body: pool XML), or create and start
 * GET    /v1/pools/{pool}                                  pool-info
 * DELETE /v1/pools/{pool}                                  pool-undefine
 * GET    /v1/pools/{pool}/xml[?inactive=true&amp;secure=true]
 * POST   /v1/pools/{pool}/{build|start|destroy|delete|refresh}[?build=true&amp;overwrite=true]
 * PUT    /v1/pools/{pool}/autostart                        {"enabled": true}
 * GET    /v1/pools/{pool}/volumes                          vol-list (reads the pool again)
 * POST   /v1/pools/{pool}/volumes[?prealloc=true]          vol-create (body: volume XML) or vol-create-as
 *                                                          (body: JSON {@link VolumeCreateRequest})
 * POST   /v1/pools/{pool}/volumes?from-pool=P&amp;from=V&amp;mode=full|reflink|overlay   vol-create-from (body: XML)
 * GET    /v1/pools/{pool}/volumes/{vol}                    vol-info
 * DELETE /v1/pools/{pool}/volumes/{vol}                    vol-delete
 * GET    /v1/pools/{pool}/volumes/{vol}/xml                vol-dumpxml
 * POST   /v1/pools/{pool}/volumes/{vol}/clone?name=N&amp;mode=full|reflink|overlay
 * POST   /v1/pools/{pool}/volumes/{vol}/wipe[?algorithm=zero]
 * POST   /v1/pools/{pool}/volumes/{vol}/resize?capacity=BYTES[&amp;delta=true&amp;shrink=true&amp;allocate=true]
 * GET|PUT /v1/pools/{pool}/volumes/{vol}/data[?offset=&amp;length=]   vol-download / vol-upload, see {@link VolumeTransfer}
 * GET    /v1/volumes?key=PATH                              a volume of any running pool by key or path
 * GET    /v1/images/holders?path=PATH                      who holds an image file (domains, volume operations)
 * </pre>
 */
final class StorageRoutes {
    private final StorageService pools;
    private final VolumeService volumes;

    StorageRoutes(StorageService pools, VolumeService volumes) {
        this.pools = pools;
        this.volumes = volumes;
    }

    /** {@code /v1/volumes?key=}. */
    Object volumeByKey(String method, String[] seg, Fields q) throws IOException {
        if (seg.length != 2 || !method.equals("GET")) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        VolumeService.Found f = volumes.byKey(required(q, "key"));
        return view(f.pool(), f.volume());
    }

    /** {@code /v1/images/holders?path=}: the daemon's leases on one image file, by device and inode. */
    Object imageHolders(String method, String[] seg, Fields q) throws IOException {
        if (seg.length != 3 || !seg[2].equals("holders") || !method.equals("GET")) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        String path = required(q, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("The image path '" + path + "' must be absolute.");
        }
        return new JsonBody(StorageJson.writeImageHolders(volumes.holders(Path.of(path)).stream()
                .map(ApiViews::holder).toList()));
    }

    Object route(Request req, String method, String[] seg, Fields q) throws IOException {
        if (seg.length == 2) {
            return switch (method) {
                case "GET" -> {
                    List<StoragePoolInfo> out = new ArrayList<>();
                    for (PoolObj p : pools.list(RestHandler.bool(q, "all"))) {
                        out.add(info(p));
                    }
                    yield new JsonBody(StorageJson.writePools(out));
                }
                case "POST" -> view(RestHandler.bool(q, "transient")
                        ? pools.create(RestHandler.body(req), RestHandler.bool(q, "build"), RestHandler.bool(q, "overwrite"))
                        : pools.define(RestHandler.body(req)));
                default -> throw RestHandler.notFound(method, "/v1/pools");
            };
        }
        String pool = URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
        if (seg.length == 3) {
            return switch (method) {
                case "GET" -> view(pools.lookup(pool));
                case "DELETE" -> view(pools.undefine(pool));
                default -> throw RestHandler.notFound(method, "/v1/pools/" + pool);
            };
        }
        String sub = seg[3];
        if (sub.equals("volumes")) {
            return volumes(req, method, seg, q, pool);
        }
        if (seg.length != 4) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        return switch (method + " " + sub) {
            case "GET xml" -> pools.xml(pool, RestHandler.bool(q, "inactive"), RestHandler.secrets(q));
            case "POST build" -> view(pools.build(pool, RestHandler.bool(q, "overwrite")));
            case "POST start" -> view(pools.start(pool, RestHandler.bool(q, "build"), RestHandler.bool(q, "overwrite")));
            case "POST destroy" -> view(pools.destroy(pool));
            case "POST delete" -> view(pools.delete(pool));
            case "POST refresh" -> {
                pools.refresh(pool);
                yield view(pools.lookup(pool));
            }
            case "PUT autostart" -> {
                JsonNode j = RestHandler.json().readTree(RestHandler.body(req));
                if (j == null || !j.has("enabled") || !j.get("enabled").isBoolean()) {
                    throw new IllegalArgumentException("the body must be {\"enabled\": true|false}.");
                }
                yield view(pools.setAutostart(pool, j.get("enabled").asBoolean()));
            }
            default -> throw RestHandler.notFound(method, sub);
        };
    }

    private Object volumes(Request req, String method, String[] seg, Fields q, String pool) throws IOException {
        if (seg.length == 4) {
            return switch (method) {
                case "GET" -> {
                    List<StorageVolumeInfo> out = new ArrayList<>();
                    for (VolumeInfo v : volumes.list(pool)) {
                        out.add(info(pool, v));
                    }
                    yield new JsonBody(StorageJson.writeVolumes(out));
                }
                case "POST" -> view(pool, create(req, q, pool));
                default -> throw RestHandler.notFound(method, "/v1/pools/" + pool + "/volumes");
            };
        }
        String vol = URLDecoder.decode(seg[4], StandardCharsets.UTF_8);
        if (seg.length == 5) {
            return switch (method) {
                case "GET" -> view(pool, volumes.info(pool, vol));
                case "DELETE" -> {
                    volumes.delete(pool, vol);
                    yield java.util.Map.of("deleted", vol);
                }
                default -> throw RestHandler.notFound(method, "/v1/pools/" + pool + "/volumes/" + vol);
            };
        }
        if (seg.length != 6) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        return switch (method + " " + seg[5]) {
            case "GET xml" -> volumes.xml(pool, vol);
            case "POST clone" -> view(pool, volumes.clone(pool, vol, required(q, "name"), mode(q),
                    TransferProgress.NONE));
            case "POST wipe" -> view(pool, volumes.wipe(pool, vol, q.getValue("algorithm"), TransferProgress.NONE));
            case "POST resize" -> {
                Set<ResizeFlag> flags = EnumSet.noneOf(ResizeFlag.class);
                if (RestHandler.bool(q, "shrink")) {
                    flags.add(ResizeFlag.SHRINK);
                }
                if (RestHandler.bool(q, "allocate")) {
                    flags.add(ResizeFlag.ALLOCATE);
                }
                yield view(pool, volumes.resize(pool, vol, RestHandler.longParam(q, "capacity", -1),
                        RestHandler.bool(q, "delta"), flags));
            }
            default -> throw RestHandler.notFound(method, seg[5]);
        };
    }

    private VolumeInfo create(Request req, Fields q, String pool) throws IOException {
        String type = req.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean prealloc = RestHandler.bool(q, "prealloc");
        if (type != null && type.startsWith("application/json")) {
            VolumeCreateRequest r = RestHandler.json().readValue(RestHandler.body(req), VolumeCreateRequest.class);
            return volumes.createAs(pool, r);
        }
        String xml = RestHandler.body(req);
        String from = q.getValue("from");
        if (from == null) {
            return volumes.create(pool, xml, prealloc);
        }
        String fromPool = q.getValue("from-pool");
        return volumes.createFrom(pool, xml, fromPool == null ? pool : fromPool, from, mode(q), TransferProgress.NONE);
    }

    private static CloneMode mode(Fields q) {
        String m = q.getValue("mode");
        if (m == null) {
            return CloneMode.FULL;
        }
        return switch (m.toLowerCase(Locale.ROOT)) {
            case "full" -> CloneMode.FULL;
            case "reflink" -> CloneMode.REFLINK;
            case "overlay" -> CloneMode.OVERLAY;
            default -> throw new IllegalArgumentException("the clone mode '" + m + "' is not known; use full, reflink "
                    + "or overlay.");
        };
    }

    private StoragePoolInfo info(PoolObj p) {
        return ApiViews.info(p, pools.info(p));
    }

    private StorageVolumeInfo info(String pool, VolumeInfo v) {
        return ApiViews.info(pool, v, volumes.usedBy(v));
    }

    private JsonBody view(PoolObj p) throws IOException {
        return new JsonBody(StorageJson.write(info(p)));
    }

    private JsonBody view(String pool, VolumeInfo v) throws IOException {
        return new JsonBody(StorageJson.write(info(pool, v)));
    }

    static String required(Fields q, String name) {
        String v = q.getValue(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the parameter '" + name + "' is missing.");
        }
        return v;
    }
}
