package io.jvirt.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.api.ApiError;
import io.jvirt.api.ApiJson;
import io.jvirt.api.CloneJson;
import io.jvirt.api.CloneOptions;
import io.jvirt.api.CloneResult;
import io.jvirt.api.DhcpLease;
import io.jvirt.api.DomainDisplay;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainInterface;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.GuestInterface;
import io.jvirt.api.HostInfo;
import io.jvirt.api.ImageHolder;
import io.jvirt.api.Json;
import io.jvirt.api.NativeConfig;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkInfo;
import io.jvirt.api.NetworkJson;
import io.jvirt.api.PoolEvent;
import io.jvirt.api.QemuMonitorEvent;
import io.jvirt.api.SparseStream;
import io.jvirt.api.StorageJson;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.api.UndefinedStorage;
import io.jvirt.api.VolumeCreateRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Java client of the jvirtd REST API. Each method is one API call; failures arrive as
 * {@link JvirtClientException} carrying the daemon's stable code and message.
 *
 * <p>Not thread-safe (one keep-alive connection); open one client per thread.
 */
public final class JvirtClient implements AutoCloseable {
    private static final String XML = "application/xml";
    private static final String JSON = "application/json";

    private final Path socket;
    private UnixHttpConnection connection;
    private CallListener listener;

    private JvirtClient(Path socket, UnixHttpConnection connection) {
        this.socket = socket;
        this.connection = connection;
    }

    /**
     * Connects to the daemon listening on {@code socket}.
     *
     * @throws JvirtClientException with {@link ErrorCode#HOST_RESOURCE} when nothing answers there
     */
    public static JvirtClient connect(Path socket) {
        try {
            return new JvirtClient(socket, new UnixHttpConnection(socket));
        } catch (IOException e) {
            throw new JvirtClientException(ErrorCode.HOST_RESOURCE,
                    "cannot connect to jvirtd at " + socket + ": " + describe(e)
                            + "; start it with 'jvirt daemon' or pass its socket with --connect.", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(Locale.ROOT);
    }

    /** The socket this client talks to. */
    public Path socket() {
        return socket;
    }

    /**
     * Hears of every request/response exchange from now on (for a command's {@code --debug});
     * {@code null} stops it.
     */
    public void listen(CallListener l) {
        listener = l;
    }

    /** What a {@link #listen} listener hears: one exchange with the daemon, after its answer. */
    @FunctionalInterface
    public interface CallListener {
        /**
         * One exchange.
         *
         * @param method the HTTP method
         * @param target the request target (path and query)
         * @param status the HTTP status of the answer
         * @param nanos the time from sending to the whole answer
         */
        void exchanged(String method, String target, int status, long nanos);
    }

    public HostInfo host() {
        return json(call("GET", "/v1/host", null, null), HostInfo.class);
    }

    /** Lists domains: running ones, or all when {@code all} is true. */
    public List<DomainInfo> listDomains(boolean all) {
        HttpResponse r = call("GET", "/v1/domains" + (all ? "?all=true" : ""), null, null);
        try {
            return ApiJson.domains(r.body());
        } catch (IOException | IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    /** Defines (or redefines) a persistent domain from libvirt domain XML. */
    public DomainInfo define(String xml) {
        return json(call("POST", "/v1/domains", XML, xml), DomainInfo.class);
    }

    /** Creates and starts a transient domain from libvirt domain XML. */
    public DomainInfo create(String xml, boolean paused) {
        return json(call("POST", "/v1/domains?transient=true&start=true" + (paused ? "&paused=true" : ""),
                XML, xml), DomainInfo.class);
    }

    /** Undefines a domain (a running domain becomes transient and goes away when it stops). */
    public void undefine(String ref) {
        undefine(ref, NvramPolicy.REFUSE, false);
    }

    /**
     * Undefines a domain, saying what happens to its UEFI variable store and its TPM state.
     *
     * @param ref the domain
     * @param nvram refuse when the domain has a store (virsh's default), delete it, or keep it
     * @param keepTpm whether to keep the state of its emulated TPM (removed otherwise)
     */
    public void undefine(String ref, NvramPolicy nvram, boolean keepTpm) {
        undefine(ref, nvram, keepTpm, false, false);
    }

    /**
     * Undefines a domain; {@code snapshotsMetadata} lets a shut-off domain with snapshots go,
     * their metadata with it; {@code managedSave} removes its managed save image too.
     */
    public void undefine(String ref, NvramPolicy nvram, boolean keepTpm, boolean snapshotsMetadata,
                         boolean managedSave) {
        call("DELETE", undefineTarget(ref, nvram, keepTpm, snapshotsMetadata, managedSave, ""), null, null);
    }

    /**
     * Undefines a shut-off domain and removes its disks' storage volumes: all of them
     * ({@code storage} = ["all"]) or the disks named by target or source path; {@code wipe}
     * overwrites each with zeroes first. Refused, with nothing changed, when a volume is another
     * domain's disk or another volume's backing image.
     */
    public UndefinedStorage undefineWithStorage(String ref, NvramPolicy nvram, boolean keepTpm,
                                                boolean snapshotsMetadata, boolean managedSave, List<String> storage,
                                                boolean wipe) {
        String extra = "&storage=" + enc(String.join(",", storage)) + (wipe ? "&wipe-storage=true" : "");
        return json(call("DELETE", undefineTarget(ref, nvram, keepTpm, snapshotsMetadata, managedSave, extra), null,
                null), UndefinedStorage.class);
    }

    private static String undefineTarget(String ref, NvramPolicy nvram, boolean keepTpm, boolean snapshotsMetadata,
                                         boolean managedSave, String extra) {
        String query = switch (nvram) {
            case REFUSE -> "";
            case DELETE -> "&nvram=delete";
            case KEEP -> "&nvram=keep";
        };
        query += (keepTpm ? "&keep-tpm=true" : "") + (snapshotsMetadata ? "&snapshots-metadata=true" : "")
                + (managedSave ? "&managed-save=true" : "") + extra;
        return "/v1/domains/" + enc(ref) + (query.isEmpty() ? "" : "?" + query.substring(1));
    }

    /**
     * Clones a domain as virt-clone does ({@code jvirt clone}): jvirtd plans the clone from the
     * options and makes it, or with {@code printXml} only tells what it would make.
     */
    public CloneResult clone(CloneOptions options, boolean printXml) {
        String body;
        try {
            body = new String(CloneJson.write(options), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("clone options cannot be written as JSON: " + e.getMessage(), e);
        }
        return decode(call("POST", "/v1/clones" + (printXml ? "?print-xml=true" : ""), JSON, body),
                CloneJson::result);
    }

    /** What undefine does with a domain's UEFI variable store. */
    public enum NvramPolicy {
        /** Refuse when the domain has one. */
        REFUSE,
        /** Delete it ({@code --nvram}). */
        DELETE,
        /** Keep it ({@code --keep-nvram}). */
        KEEP
    }

    /** Block jobs: commit, pull, copy, and their info, abort, pivot and speed. */
    public BlockJobCalls blockJobs() {
        return new BlockJobCalls(this);
    }

    /** Save, restore, managed save, save images, dumps. */
    public SaveCalls saves() {
        return new SaveCalls(this);
    }

    /** A domain's snapshots. */
    public SnapshotCalls snapshots() {
        return new SnapshotCalls(this);
    }

    public DomainInfo info(String ref) {
        return json(call("GET", "/v1/domains/" + enc(ref), null, null), DomainInfo.class);
    }

    /** The domain's XML without secrets: the live one while it runs unless {@code inactive}. */
    public String xml(String ref, boolean inactive) {
        return xml(ref, inactive, false);
    }

    /**
     * The domain's XML: the live one while it runs unless {@code inactive}; with its secrets
     * (the VNC password) only when {@code secure}, like virsh's {@code --security-info}.
     */
    public String xml(String ref, boolean inactive, boolean secure) {
        return call("GET", "/v1/domains/" + enc(ref) + "/xml" + xmlQuery(inactive, secure), null, null).text();
    }

    private static String xmlQuery(boolean inactive, boolean secure) {
        String q = (inactive ? "&inactive=true" : "") + (secure ? "&secure=true" : "");
        return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    /** Runs a lifecycle action (start, shutdown, destroy, reboot, reset, suspend, resume). */
    public DomainInfo action(String ref, String action, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? '?' : '&').append(enc(k)).append('=').append(enc(v)));
        return json(call("POST", "/v1/domains/" + enc(ref) + "/" + action + q, JSON, "{}"), DomainInfo.class);
    }

    public DomainInfo setAutostart(String ref, boolean enabled) {
        return json(call("PUT", "/v1/domains/" + enc(ref) + "/autostart", JSON,
                "{\"enabled\":" + enabled + "}"), DomainInfo.class);
    }

    /**
     * Opens a session on the domain's console, on a connection of its own. The daemon allows one
     * session per domain: while another client has it this fails with
     * {@link ErrorCode#CONSOLE_BUSY}, unless {@code force}, which takes the console over (the
     * other client's session ends as taken over).
     */
    public ConsoleConnection openConsole(String ref, boolean force) {
        try {
            return ConsoleConnection.open(socket, "/v1/domains/" + enc(ref) + "/console" + (force ? "?force=true" : ""),
                    ref, this::error);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Bytes of the console log from {@code offset} on (empty when nothing new). */
    public byte[] consoleLog(String ref, long offset) {
        return call("GET", "/v1/domains/" + enc(ref) + "/console-log?offset=" + offset, null, null).body();
    }

    /** Network cards of a domain; with {@code addresses}, the guest addresses known from DHCP leases. */
    public List<DomainInterface> interfaces(String ref, boolean addresses) {
        return decode(call("GET", "/v1/domains/" + enc(ref) + "/interfaces" + (addresses ? "?addresses=true" : ""),
                null, null), NetworkJson::interfaces);
    }

    /** The network cards of a domain's persistent definition (the next boot's; domiflist --inactive). */
    public List<DomainInterface> inactiveInterfaces(String ref) {
        return decode(call("GET", "/v1/domains/" + enc(ref) + "/interfaces?inactive=true", null, null),
                NetworkJson::interfaces);
    }

    /**
     * The native form of a domain XML ({@code xml}) or of a domain ({@code domain}; {@code xml}
     * null): {@code domxml-to-native}. Only {@code qemu-argv} is known.
     */
    public NativeConfig toNative(String format, String xml, String domain) {
        String query = "?format=" + enc(format) + (domain == null ? "" : "&domain=" + enc(domain));
        return json(call("POST", "/v1/domxml-to-native" + query, "application/xml", xml == null ? "" : xml),
                NativeConfig.class);
    }

    /** {@code domxml-from-native}: the daemon refuses it with a sentence (as libvirt's QEMU driver). */
    public String fromNative(String format, String config) {
        return json(call("POST", "/v1/domxml-from-native?format=" + enc(format), "text/plain", config),
                String.class);
    }

    /**
     * A running domain's addresses from the host's neighbour table ({@code domifaddr --source arp}):
     * one entry per address, named after the card's host device, prefix 0.
     *
     * @param ref the domain name, UUID or id
     */
    public List<GuestInterface> arpAddresses(String ref) {
        return list(call("GET", "/v1/domains/" + enc(ref) + "/interfaces?source=arp", null, null),
                GuestInterface.class);
    }

    /**
     * The graphical displays of a running domain ({@code vncdisplay}, {@code domdisplay}).
     *
     * @param ref the domain name, UUID or id
     * @param includePassword whether to ask for the passwords too
     * @return the displays, in definition order
     */
    public List<DomainDisplay> displays(String ref, boolean includePassword) {
        return list(call("GET", "/v1/domains/" + enc(ref) + "/displays" + (includePassword ? "?secure=true" : ""),
                null, null), DomainDisplay.class);
    }

    /**
     * Sets the link of a domain's network card (by tap device name or MAC) up or down: in the
     * running machine, or (when it is not running, or with {@code config}) in the persistent
     * definition.
     */
    public DomainInterface setLink(String ref, String iface, boolean up, boolean config) {
        return decode(call("PUT", "/v1/domains/" + enc(ref) + "/interfaces/" + enc(iface) + "/link"
                + (config ? "?config=true" : ""), JSON, "{\"up\":" + up + "}"), NetworkJson::iface);
    }

    // ---- networks ---------------------------------------------------------

    /** Lists networks: active ones, or all when {@code all} is true. */
    public List<NetworkInfo> listNetworks(boolean all) {
        return decode(call("GET", "/v1/networks" + (all ? "?all=true" : ""), null, null), NetworkJson::networks);
    }

    /** Defines (or redefines) a persistent network from libvirt network XML. */
    public NetworkInfo defineNetwork(String xml) {
        return decode(call("POST", "/v1/networks", XML, xml), NetworkJson::network);
    }

    /** Creates and starts a transient network. */
    public NetworkInfo createNetwork(String xml) {
        return decode(call("POST", "/v1/networks?transient=true", XML, xml), NetworkJson::network);
    }

    public NetworkInfo network(String ref) {
        return decode(call("GET", "/v1/networks/" + enc(ref), null, null), NetworkJson::network);
    }

    public void undefineNetwork(String ref) {
        call("DELETE", "/v1/networks/" + enc(ref), null, null);
    }

    /** Runs a network action: start or destroy. */
    public NetworkInfo networkAction(String ref, String action) {
        return decode(call("POST", "/v1/networks/" + enc(ref) + "/" + action, JSON, "{}"), NetworkJson::network);
    }

    /** The network's XML without secrets. */
    public String networkXml(String ref, boolean inactive) {
        return networkXml(ref, inactive, false);
    }

    /** The network's XML, with its secrets when {@code secure}. */
    public String networkXml(String ref, boolean inactive, boolean secure) {
        return call("GET", "/v1/networks/" + enc(ref) + "/xml" + xmlQuery(inactive, secure), null, null).text();
    }

    public NetworkInfo setNetworkAutostart(String ref, boolean enabled) {
        return decode(call("PUT", "/v1/networks/" + enc(ref) + "/autostart", JSON,
                "{\"enabled\":" + enabled + "}"), NetworkJson::network);
    }

    /**
     * Changes one section of a network, like {@code virsh net-update}.
     *
     * @param command add, add-first, add-last, delete or modify
     * @param section such as ip-dhcp-host or dns-host
     * @param xml the element to add, delete or modify
     * @param live apply to the running network
     * @param config apply to the persistent definition
     */
    public NetworkInfo updateNetwork(String ref, String command, String section, String xml, boolean live,
                                     boolean config) {
        return decode(call("POST", "/v1/networks/" + enc(ref) + "/update?command=" + enc(command) + "&section="
                + enc(section) + "&live=" + live + "&config=" + config, XML, xml), NetworkJson::network);
    }

    /** The network's current DHCP leases, optionally only those of one MAC. */
    public List<DhcpLease> leases(String ref, String mac) {
        return decode(call("GET", "/v1/networks/" + enc(ref) + "/leases" + (mac == null ? "" : "?mac=" + enc(mac)),
                null, null), NetworkJson::leases);
    }

    /** A streaming decoder of one answer type. */
    private interface Decoder<T> {
        T decode(byte[] body) throws IOException;
    }

    private <T> T decode(HttpResponse r, Decoder<T> decoder) {
        try {
            return decoder.decode(r.body());
        } catch (IOException | IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    // ---- storage pools ----------------------------------------------------------

    /** Lists storage pools: active ones, or all when {@code all} is true. */
    public List<StoragePoolInfo> listPools(boolean all) {
        return list(call("GET", "/v1/pools" + (all ? "?all=true" : ""), null, null), StoragePoolInfo.class);
    }

    /** Defines (or redefines) a persistent storage pool from libvirt pool XML. */
    public StoragePoolInfo definePool(String xml) {
        return json(call("POST", "/v1/pools", XML, xml), StoragePoolInfo.class);
    }

    /** Creates and starts a transient storage pool, building it first when asked. */
    public StoragePoolInfo createPool(String xml, boolean build, boolean overwrite) {
        return json(call("POST", "/v1/pools?transient=true" + (build ? "&build=true" : "")
                + (overwrite ? "&overwrite=true" : ""), XML, xml), StoragePoolInfo.class);
    }

    public StoragePoolInfo pool(String ref) {
        return json(call("GET", "/v1/pools/" + enc(ref), null, null), StoragePoolInfo.class);
    }

    public void undefinePool(String ref) {
        call("DELETE", "/v1/pools/" + enc(ref), null, null);
    }

    /**
     * Runs a pool action: build, start, destroy, delete or refresh.
     *
     * @param build for start: build the pool first
     * @param overwrite for build (and start with build): replace a file system the device already holds
     */
    public StoragePoolInfo poolAction(String ref, String action, boolean build, boolean overwrite) {
        return json(call("POST", "/v1/pools/" + enc(ref) + "/" + action + "?build=" + build + "&overwrite="
                + overwrite, JSON, "{}"), StoragePoolInfo.class);
    }

    /** The pool's XML without secrets. */
    public String poolXml(String ref, boolean inactive) {
        return poolXml(ref, inactive, false);
    }

    /** The pool's XML, with its secrets when {@code secure}. */
    public String poolXml(String ref, boolean inactive, boolean secure) {
        return call("GET", "/v1/pools/" + enc(ref) + "/xml" + xmlQuery(inactive, secure), null, null).text();
    }

    public StoragePoolInfo setPoolAutostart(String ref, boolean enabled) {
        return json(call("PUT", "/v1/pools/" + enc(ref) + "/autostart", JSON, "{\"enabled\":" + enabled + "}"),
                StoragePoolInfo.class);
    }

    // ---- storage volumes --------------------------------------------------------

    /** The volumes of a running pool, read afresh. */
    public List<StorageVolumeInfo> listVolumes(String pool) {
        return list(call("GET", vols(pool), null, null), StorageVolumeInfo.class);
    }

    public StorageVolumeInfo volume(String pool, String volume) {
        return json(call("GET", vol(pool, volume), null, null), StorageVolumeInfo.class);
    }

    /** A volume of any running pool by its key or path. */
    /**
     * Who in the daemon holds an image file: the domains whose disks (or their backing chains)
     * use it and the volume operations running on it; empty when nobody does. The daemon
     * compares device and inode, so any path to the file will do.
     *
     * @param image the file (made absolute, since the daemon has its own working directory)
     * @return the holders
     */
    public List<ImageHolder> imageHolders(Path image) {
        String path = image.toAbsolutePath().normalize().toString();
        return decode(call("GET", "/v1/images/holders?path=" + enc(path), null, null), StorageJson::imageHolders);
    }

    public StorageVolumeInfo volumeByKey(String key) {
        return json(call("GET", "/v1/volumes?key=" + enc(key), null, null), StorageVolumeInfo.class);
    }

    public String volumeXml(String pool, String volume) {
        return call("GET", vol(pool, volume) + "/xml", null, null).text();
    }

    /** vol-create: an empty volume from libvirt volume XML. */
    public StorageVolumeInfo createVolume(String pool, String xml, boolean preallocate) {
        return json(call("POST", vols(pool) + (preallocate ? "?prealloc=true" : ""), XML, xml), StorageVolumeInfo.class);
    }

    /** vol-create-as. */
    public StorageVolumeInfo createVolumeAs(String pool, VolumeCreateRequest request) {
        byte[] body;
        try {
            body = StorageJson.write(request);
        } catch (IOException e) {
            throw badAnswer(e);
        }
        return json(call("POST", vols(pool), JSON, new String(body, StandardCharsets.UTF_8)), StorageVolumeInfo.class);
    }

    /**
     * vol-create-from: a volume from XML with the contents of another volume.
     *
     * @param mode full, reflink or overlay
     */
    public StorageVolumeInfo createVolumeFrom(String pool, String xml, String sourcePool, String sourceVolume,
                                              String mode) {
        return json(call("POST", vols(pool) + "?from-pool=" + enc(sourcePool) + "&from=" + enc(sourceVolume)
                + "&mode=" + enc(mode), XML, xml), StorageVolumeInfo.class);
    }

    /** vol-clone in the same pool; {@code mode} is full, reflink or overlay. */
    public StorageVolumeInfo cloneVolume(String pool, String volume, String newName, String mode) {
        return json(call("POST", vol(pool, volume) + "/clone?name=" + enc(newName) + "&mode=" + enc(mode), JSON, "{}"),
                StorageVolumeInfo.class);
    }

    public void deleteVolume(String pool, String volume) {
        call("DELETE", vol(pool, volume), null, null);
    }

    public StorageVolumeInfo wipeVolume(String pool, String volume, String algorithm) {
        return json(call("POST", vol(pool, volume) + "/wipe" + (algorithm == null ? "" : "?algorithm=" + enc(algorithm)),
                JSON, "{}"), StorageVolumeInfo.class);
    }

    /**
     * vol-resize.
     *
     * @param capacity bytes; with {@code delta}, the change (subtracted with {@code shrink})
     */
    public StorageVolumeInfo resizeVolume(String pool, String volume, long capacity, boolean delta, boolean shrink,
                                          boolean allocate) {
        return json(call("POST", vol(pool, volume) + "/resize?capacity=" + capacity + "&delta=" + delta + "&shrink="
                + shrink + "&allocate=" + allocate, JSON, "{}"), StorageVolumeInfo.class);
    }

    /**
     * vol-upload: streams a local file into a volume, zero blocks as holes.
     *
     * @param offset where in the volume to start writing
     * @param length how many bytes of the file to send, or -1 for all (from offset 0: the file replaces the volume)
     * @return the volume afterwards
     */
    public StorageVolumeInfo uploadVolume(String pool, String volume, java.nio.file.Path file, long offset,
                                          long length, TransferListener progress) {
        VolumeFiles.checkReadable(file);
        String target = vol(pool, volume) + "/data?offset=" + offset + (length >= 0 ? "&length=" + length : "");
        boolean[] started = {false};
        UnixHttpConnection.DirectBodyWriter body = chunks -> {
            started[0] = true;
            VolumeFiles.send(file, length, chunks, progress);
        };
        HttpResponse r = transfer("upload into", volume, started,
                c -> c.uploadDirect("PUT", target, SparseStream.CONTENT_TYPE, body));
        if (r.status() >= 400) {
            throw error(r);
        }
        return json(r, StorageVolumeInfo.class);
    }

    /**
     * vol-download: streams a volume into a local file; holes stay holes in a regular file.
     *
     * @param length how many bytes, or -1 up to the end of the volume
     * @return the number of bytes received
     */
    public long downloadVolume(String pool, String volume, java.nio.file.Path file, long offset, long length,
                               TransferListener progress) {
        String target = vol(pool, volume) + "/data?offset=" + offset + (length >= 0 ? "&length=" + length : "");
        long[] received = {0};
        boolean[] started = {false};
        UnixHttpConnection.BodyReader reader = (headers, in) -> {
            started[0] = true;
            long total = Long.parseLong(headers.getOrDefault(SparseStream.LENGTH_HEADER.toLowerCase(java.util.Locale.ROOT),
                    "-1"));
            received[0] = VolumeFiles.receive(in, file, total, progress);
        };
        HttpResponse r = transfer("download of", volume, started,
                c -> c.download(target, SparseStream.CONTENT_TYPE, reader));
        if (r.status() >= 400) {
            throw error(r);
        }
        return received[0];
    }

    /** One exchange of a volume transfer. */
    private interface Exchange {
        HttpResponse run(UnixHttpConnection c) throws IOException;
    }

    /**
     * Runs a transfer; a kept-alive connection the daemon closed is replaced once, but only
     * while no byte of the transfer has moved ({@code started}).
     */
    private HttpResponse transfer(String what, String volume, boolean[] started, Exchange exchange) {
        try {
            return exchange.run(connection);
        } catch (IOException first) {
            if (started[0]) {
                throw transferFailed(what, volume, first);
            }
            try {
                connection.close();
                connection = new UnixHttpConnection(socket);
                return exchange.run(connection);
            } catch (IOException e) {
                throw started[0] ? transferFailed(what, volume, e) : unreachable(e);
            }
        }
    }

    private JvirtClientException transferFailed(String what, String volume, IOException e) {
        return new JvirtClientException(ErrorCode.HOST_RESOURCE, "The " + what + " volume '" + volume + "' failed: "
                + describe(e) + ".", e);
    }

    private static String vols(String pool) {
        return "/v1/pools/" + enc(pool) + "/volumes";
    }

    private static String vol(String pool, String volume) {
        return vols(pool) + "/" + enc(volume);
    }

    @SuppressWarnings("unchecked") // the type was checked one line above each cast
    <T> List<T> list(HttpResponse r, Class<T> type) {
        try {
            if (type == StoragePoolInfo.class) {
                return (List<T>) StorageJson.pools(r.body());
            }
            if (type == StorageVolumeInfo.class) {
                return (List<T>) StorageJson.volumes(r.body());
            }
            return mapper().readValue(r.body(),
                    mapper().getTypeFactory().constructCollectionType(List.class, type));
        } catch (IOException | IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    /** Follows the event stream until the consumer throws or the daemon closes it. */
    public void events(Consumer<DomainEvent> consumer) {
        follow("/v1/events", DomainEvent.class, consumer);
    }

    /** Follows the network event stream until the consumer throws or the daemon closes it. */
    public void networkEvents(Consumer<NetworkEvent> consumer) {
        follow("/v1/events/networks", NetworkEvent.class, consumer);
    }

    /** Follows the storage pool event stream until the consumer throws or the daemon closes it. */
    public void poolEvents(Consumer<PoolEvent> consumer) {
        follow("/v1/events/pools", PoolEvent.class, consumer);
    }

    /** Follows every domain's QMP events until the consumer throws or the daemon closes the stream. */
    public void qemuMonitorEvents(Consumer<QemuMonitorEvent> consumer) {
        follow("/v1/events/qemu-monitor", QemuMonitorEvent.class, consumer);
    }

    private <E> void follow(String target, Class<E> type, Consumer<E> consumer) {
        HttpResponse r;
        try {
            r = connection.stream(target, line -> {
                try {
                    consumer.accept(mapper().readValue(line, type));
                } catch (IOException e) {
                    throw badAnswer(e);
                }
            });
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (r.status() >= 400) {
            // e.g. an older daemon without this stream: say so instead of ending quietly
            throw error(r);
        }
    }

    HttpResponse call(String method, String target, String contentType, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        HttpResponse r;
        try {
            r = connection.send(method, target, contentType, bytes);
        } catch (IOException first) {
            // A kept-alive connection may have been closed by the daemon: retry once on a fresh one.
            try {
                connection.close();
                connection = new UnixHttpConnection(socket);
                r = connection.send(method, target, contentType, bytes);
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        if (listener != null) {
            listener.exchanged(method, target, r.status(), System.nanoTime() - t0);
        }
        if (r.status() >= 400) {
            throw error(r);
        }
        return r;
    }

    private JvirtClientException error(HttpResponse r) {
        try {
            ApiError e = ApiJson.error(r.body());
            ErrorCode code;
            try {
                code = ErrorCode.valueOf(e.code());
            } catch (IllegalArgumentException unknown) {
                code = ErrorCode.INTERNAL;
            }
            return new JvirtClientException(code, e.message());
        } catch (IOException notJson) {
            return new JvirtClientException(ErrorCode.INTERNAL,
                    "jvirtd answered HTTP " + r.status() + " with an unreadable body.");
        }
    }

    <T> T json(HttpResponse r, Class<T> type) {
        try {
            if (type == DomainInfo.class) {
                return type.cast(ApiJson.domain(r.body()));
            }
            if (type == HostInfo.class) {
                return type.cast(ApiJson.host(r.body()));
            }
            if (type == StoragePoolInfo.class) {
                return type.cast(StorageJson.pool(r.body()));
            }
            if (type == StorageVolumeInfo.class) {
                return type.cast(StorageJson.volume(r.body()));
            }
            return mapper().readValue(r.body(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw badAnswer(e);
        }
    }

    /** Data binding, loaded only by the calls that need it (events). */
    private static ObjectMapper mapper() {
        return Json.mapper();
    }

    private JvirtClientException unreachable(IOException e) {
        return new JvirtClientException(ErrorCode.HOST_RESOURCE,
                "lost the connection to jvirtd at " + socket + ": " + describe(e) + ".", e);
    }

    private static JvirtClientException badAnswer(Exception e) {
        return new JvirtClientException(ErrorCode.INTERNAL,
                "jvirtd sent an answer this client cannot read (" + e.getMessage() + "); are client and daemon the same version?", e);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing a UNIX socket cannot lose data we care about
        }
    }
}
