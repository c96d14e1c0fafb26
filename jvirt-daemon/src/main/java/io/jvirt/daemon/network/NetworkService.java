package io.jvirt.daemon.network;

import io.jvirt.api.DhcpLease;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.NetworkEvent;
import io.jvirt.daemon.Topic;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.network.IpDef;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.network.ActiveNetwork;
import io.jvirt.network.NetworkDriver;
import io.jvirt.network.NetworkException;
import io.jvirt.network.host.FirewallCheck;
import io.jvirt.network.host.HostInterfaces;
import io.jvirt.network.host.Lease;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The network driver of jvirtd: defines, starts and stops virtual networks, keeps their
 * definitions persistent, reattaches to running ones after a daemon restart, and answers
 * queries. Network jobs are few and short, so one lock serializes them all (which also
 * makes the conflict checks between networks race-free); queries take no lock.
 */
public final class NetworkService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());
    private static final Pattern HAS_UUID = Pattern.compile("<uuid[\\s>]");
    private static final String BRIDGE_PREFIX = "jvirtbr";

    /** libvirt's default network: NAT on 192.168.122.0/24 with DHCP. */
    static final String DEFAULT_XML = """
            <network>
              <name>default</name>
              <forward mode='nat'/>
              <bridge name='jvirtbr0' stp='on' delay='0'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>
            """;

    private final Map<String, NetworkObj> byName = new ConcurrentHashMap<>();
    private final Topic<NetworkEvent> events = new Topic<>();
    private final Map<UUID, NetworkObj> byUuid = new ConcurrentHashMap<>();
    private final ReentrantLock jobs = new ReentrantLock();
    private final DefinitionStore defs;
    private final NetworkRuntimeStore runtime;
    private final NetworkDriver driver;
    private final NetworkRecovery recovery;
    /** Present once the default network was offered, so that undefining it is final. */
    private final Path seeded;

    public NetworkService(Path stateDir, NetworkDriver driver) throws IOException {
        this.seeded = stateDir.resolve("networks").resolve(".default-defined");
        this.defs = DefinitionStore.of(stateDir, "networks");
        this.runtime = new NetworkRuntimeStore(stateDir);
        this.driver = driver;
        this.recovery = new NetworkRecovery(driver, runtime);
    }

    /** Loads definitions, defines the default network on first start, and reattaches to running networks. */
    public void load() throws IOException {
        Map<String, String> stored = defs.loadAll();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            try {
                NetworkDef def = NetworkXml.parse(e.getValue());
                NetworkObj obj = register(def.name(), def.uuid());
                obj.setPersistentDef(def);
                obj.setAutostart(defs.autostart(def.name()));
            } catch (ConfException bad) {
                LOG.warning("ignoring " + defs.fileOf(e.getKey()) + ": " + bad.getMessage());
            }
        }
        if (stored.isEmpty() && !java.nio.file.Files.exists(seeded)) {
            define(DEFAULT_XML);
            PrivateFiles.createFile(seeded);
        }
        List<ActiveNetwork> running = new ArrayList<>();
        for (NetworkRuntimeStore.Found f : runtime.loadAll()) {
            ActiveNetwork a = recovery.recover(f);
            if (a != null) {
                NetworkObj obj = byUuid.get(a.live().uuid());
                if (obj == null) {
                    obj = register(a.live().name(), a.live().uuid());
                }
                obj.setActive(a);
                obj.setWarnings(FirewallCheck.check(a.live()));
                running.add(a);
            }
        }
        recovery.removeStrays(running);
    }

    /** Starts the networks marked autostart that are not active. */
    public void autostart() {
        for (NetworkObj n : list(true)) {
            if (n.autostart() && n.active() == null) {
                try {
                    start(n.name());
                } catch (DaemonException e) {
                    LOG.warning("autostart of network " + n.name() + " failed: " + e.getMessage());
                }
            }
        }
    }

    // ---- queries --------------------------------------------------------------

    /** All networks, or only the active ones, by name. */
    public List<NetworkObj> list(boolean all) {
        List<NetworkObj> out = new ArrayList<>(byName.values());
        if (!all) {
            out.removeIf(n -> n.active() == null);
        }
        out.sort(Comparator.comparing(NetworkObj::name));
        return out;
    }

    /** Finds a network by name or UUID. */
    public NetworkObj lookup(String ref) {
        NetworkObj n = byName.get(ref);
        if (n == null) {
            try {
                n = byUuid.get(UUID.fromString(ref));
            } catch (IllegalArgumentException notUuid) {
                // not a UUID either
            }
        }
        if (n == null) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "network '" + ref + "' does not exist; see 'jvirt net-list --all'.");
        }
        return n;
    }

    /** The XML: live while active unless {@code inactive}; secrets only when asked for. */
    public String xml(String ref, boolean inactive, Secrets secrets) {
        NetworkObj n = lookup(ref);
        NetworkDef def = inactive && n.persistentDef() != null ? n.persistentDef() : n.currentDef();
        return NetworkXml.format(def, secrets);
    }

    /** The active network of this name, or an INVALID_STATE error telling how to start it. */
    public ActiveNetwork requireActive(String name, String forWhat) {
        NetworkObj n = byName.get(name);
        if (n == null) {
            throw new DaemonException(ErrorCode.NOT_FOUND, forWhat + " uses network '" + name
                    + "', which does not exist; define it with 'jvirt net-define'.");
        }
        ActiveNetwork a = n.active();
        if (a == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, forWhat + " uses network '" + name
                    + "', which is not active; start it with 'jvirt net-start " + name + "'.");
        }
        return a;
    }

    /**
     * The IPv4 address a display listening on this network uses: the network's first IPv4
     * address (libvirt's qemuProcessGraphicsSetupNetworkAddress).
     *
     * @param name the network name
     * @param forWhat the display, for messages
     * @return the address
     */
    public String displayAddress(String name, String forWhat) {
        ActiveNetwork a = requireActive(name, forWhat);
        for (IpDef ip : a.live().ips()) {
            if (ip.family() == IpFamily.IPV4) {
                return ip.address().toString();
            }
        }
        throw new DaemonException(ErrorCode.HOST_RESOURCE, forWhat + " listens on network '" + name
                + "', which has no IPv4 address to listen on; give the network an <ip> or listen on an address.");
    }

    /** The running network of this name, or null. */
    public ActiveNetwork activeOrNull(String name) {
        NetworkObj n = byName.get(name);
        return n == null ? null : n.active();
    }

    /** The DHCP leases of an active network, optionally of one MAC, with the subnet's prefix. */
    public List<DhcpLease> leases(String ref, String mac) {
        NetworkObj n = lookup(ref);
        ActiveNetwork a = n.active();
        if (a == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name() + "' is not active.");
        }
        long now = System.currentTimeMillis() / 1000;
        List<DhcpLease> out = new ArrayList<>();
        for (Lease l : driver.leases(a)) {
            if (l.expiryEpochSeconds() != 0 && l.expiryEpochSeconds() < now) {
                continue;
            }
            if (mac != null && !mac.equalsIgnoreCase(String.valueOf(l.mac()))) {
                continue;
            }
            out.add(new DhcpLease(n.name(), a.bridge(), l.expiryEpochSeconds(), l.mac(), l.ipv6() ? "ipv6" : "ipv4",
                    withPrefix(a.live(), l.ip()), l.hostname(), l.clientId()));
        }
        return out;
    }

    private static String withPrefix(NetworkDef def, String ip) {
        IpAddress addr = IpAddress.tryParse(ip);
        if (addr != null) {
            for (IpDef i : def.ips()) {
                if (i.cidr().contains(addr)) {
                    return ip + "/" + i.prefix();
                }
            }
        }
        return ip;
    }

    public int count() {
        return byName.size();
    }

    // ---- changes --------------------------------------------------------------

    private interface Job<T> {
        T run();
    }

    private <T> T locked(Job<T> job) {
        jobs.lock();
        try {
            return job.run();
        } catch (NetworkException e) {
            throw translate(e);
        } finally {
            jobs.unlock();
        }
    }

    private static DaemonException translate(NetworkException e) {
        ErrorCode code = switch (e.kind()) {
            case CONFLICT -> ErrorCode.IN_USE;
            case INVALID_CONFIG -> ErrorCode.INVALID_DEFINITION;
            case HOST_FAILURE -> ErrorCode.HOST_RESOURCE;
        };
        return new DaemonException(code, e.getMessage(), e);
    }

    private static NetworkDef parse(String xml) {
        try {
            return NetworkXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    /** Defines (or redefines) a persistent network. A missing bridge name is assigned here, like libvirt does. */
    public NetworkObj define(String xml) {
        return locked(() -> {
            NetworkDef def = prepare(parse(xml), !HAS_UUID.matcher(xml).find());
            NetworkObj obj = byName.get(def.name());
            boolean created = obj == null;
            if (created) {
                obj = register(def.name(), def.uuid());
            }
            try {
                defs.save(def.name(), NetworkXml.format(def, Secrets.INCLUDE));
            } catch (IOException e) {
                if (created) {
                    unregister(obj);
                }
                throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of network '" + def.name()
                        + "': " + e.getMessage() + ".", e);
            }
            obj.setPersistentDef(def);
            publish(obj, "defined");
            return obj;
        });
    }

    /** Network lifecycle events: defined, undefined, started, stopped. */
    public Topic<NetworkEvent> events() {
        return events;
    }

    private void publish(NetworkObj n, String event) {
        events.publish(new NetworkEvent(n.name(), n.uuid().toString(), event, System.currentTimeMillis()));
    }

    /** Creates and starts a transient network. */
    public NetworkObj create(String xml) {
        return locked(() -> {
            NetworkDef def = prepare(parse(xml), false);
            if (byName.containsKey(def.name())) {
                throw new DaemonException(ErrorCode.ALREADY_EXISTS, "network '" + def.name() + "' already exists.");
            }
            NetworkObj obj = register(def.name(), def.uuid());
            try {
                doStart(obj, def);
            } catch (RuntimeException e) {
                unregister(obj);
                throw e;
            }
            return obj;
        });
    }

    /** Checks name/UUID uniqueness and fills the bridge name. */
    private NetworkDef prepare(NetworkDef def, boolean keepExistingUuid) {
        NetworkObj sameName = byName.get(def.name());
        if (sameName != null && keepExistingUuid) {
            def = def.withUuid(sameName.uuid());
        }
        NetworkObj sameUuid = byUuid.get(def.uuid());
        if (sameUuid != null && !sameUuid.name().equals(def.name())) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "network '" + sameUuid.name() + "' already has the UUID "
                    + def.uuid() + "; remove the <uuid> to get a new one.");
        }
        if (sameName != null && !sameName.uuid().equals(def.uuid())) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "network '" + def.name() + "' already exists with UUID "
                    + sameName.uuid() + "; use that UUID or another name.");
        }
        if (def.bridgeName() == null && def.forwardMode().ownsBridge()) {
            NetworkDef previous = sameName == null ? null : sameName.persistentDef();
            String name = previous != null && previous.bridgeName() != null ? previous.bridgeName() : freeBridge();
            def = def.withBridgeName(name);
        }
        if (def.forwardMode().ownsBridge()) {
            for (NetworkObj o : byName.values()) {
                NetworkDef od = o.currentDef();
                if (!o.name().equals(def.name()) && od != null && def.bridgeName().equals(od.bridgeName())) {
                    throw new DaemonException(ErrorCode.IN_USE, "the bridge name " + def.bridgeName() + " is already used by "
                            + "network '" + o.name() + "'; choose another <bridge name> or leave it out to get a free one.");
                }
            }
        }
        return def;
    }

    private String freeBridge() {
        Set<String> taken = new HashSet<>();
        for (NetworkObj o : byName.values()) {
            NetworkDef d = o.currentDef();
            if (d != null && d.bridgeName() != null) {
                taken.add(d.bridgeName());
            }
        }
        return HostInterfaces.freeName(BRIDGE_PREFIX, taken);
    }

    /** Removes a network's definition; an active network stays until destroyed, then goes away. */
    public NetworkObj undefine(String ref) {
        return locked(() -> {
            NetworkObj n = lookup(ref);
            if (n.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name()
                        + "' is transient; it goes away when destroyed ('jvirt net-destroy " + n.name() + "').");
            }
            try {
                defs.delete(n.name());
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "cannot remove the definition of network '" + n.name()
                        + "': " + e.getMessage() + ".", e);
            }
            n.setPersistentDef(null);
            n.setAutostart(false);
            if (n.active() == null) {
                unregister(n);
            }
            publish(n, "undefined");
            return n;
        });
    }

    /** Starts a defined network. */
    public NetworkObj start(String ref) {
        return locked(() -> {
            NetworkObj n = lookup(ref);
            if (n.active() != null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name() + "' is already active.");
            }
            doStart(n, n.persistentDef());
            return n;
        });
    }

    /** The firewall check's warnings; none when it could not run (it only ever advises). */
    private static List<String> warnings(FutureTask<List<String>> check) {
        try {
            return check.get();
        } catch (ExecutionException e) {
            LOG.warning("the check for other firewalls failed: " + e.getCause());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void doStart(NetworkObj n, NetworkDef def) {
        long t0 = System.nanoTime();
        List<NetworkDef> others = new ArrayList<>();
        for (NetworkObj o : byName.values()) {
            if (o != n && o.active() != null) {
                others.add(o.active().live());
            }
        }
        driver.checkConflicts(def, others);
        try {
            runtime.prepare(n.uuid());
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "cannot prepare the run directory of network '" + n.name()
                    + "': " + e.getMessage() + ".", e);
        }
        // the look for other firewalls in the way reads the host's chains (one nft call) while
        // the network comes up; it ignores jvirt's own tables
        FutureTask<List<String>> firewallCheck = new FutureTask<>(() -> FirewallCheck.check(def));
        Thread.ofVirtual().name("firewall-check-" + n.name()).start(firewallCheck);
        ActiveNetwork a;
        try {
            a = driver.start(def, runtime.files(n.uuid()));
        } catch (RuntimeException e) {
            clear(n.uuid());
            throw e;
        }
        try {
            save(n, a);
        } catch (IOException e) {
            driver.stop(a);
            clear(n.uuid());
            throw new DaemonException(ErrorCode.INTERNAL, "cannot record the running network '" + n.name() + "': "
                    + e.getMessage() + ".", e);
        }
        n.setActive(a);
        publish(n, "started");
        List<String> warnings = warnings(firewallCheck);
        n.setWarnings(warnings);
        LOG.info("network " + n.name() + " started on bridge " + a.bridge() + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        warnings.forEach(w -> LOG.warning("network " + n.name() + ": " + w));
    }

    private void save(NetworkObj n, ActiveNetwork a) throws IOException {
        runtime.save(n.uuid(), a);
    }

    /** Stops an active network, removing its bridge, firewall table and dnsmasq. */
    public NetworkObj destroy(String ref) {
        return locked(() -> {
            NetworkObj n = lookup(ref);
            ActiveNetwork a = n.active();
            if (a == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name() + "' is not active.");
            }
            driver.stop(a);
            n.setActive(null);
            clear(n.uuid());
            if (n.persistentDef() == null) {
                unregister(n);
            }
            publish(n, "stopped");
            LOG.info("network " + n.name() + " destroyed");
            return n;
        });
    }

    public NetworkObj setAutostart(String ref, boolean enabled) {
        return locked(() -> {
            NetworkObj n = lookup(ref);
            if (n.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name()
                        + "' is transient and cannot autostart; define it first.");
            }
            try {
                defs.setAutostart(n.name(), enabled);
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "cannot change autostart of network '" + n.name()
                        + "': " + e.getMessage() + ".", e);
            }
            n.setAutostart(enabled);
            return n;
        });
    }

    /**
     * {@code net-update}: adds or deletes a static DHCP host or a DNS host, in the running
     * network (hosts files rewritten, dnsmasq reloaded) and/or the persistent definition.
     */
    public NetworkObj update(String ref, String command, String section, String xml, boolean live, boolean config) {
        return locked(() -> {
            NetworkObj n = lookup(ref);
            if (!live && !config) {
                throw new IllegalArgumentException("net-update needs --live, --config or both.");
            }
            if (live && n.active() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name()
                        + "' is not active; update its definition with --config.");
            }
            if (config && n.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "network '" + n.name()
                        + "' is transient and has no persistent definition; use --live.");
            }
            NetworkUpdate change = NetworkUpdate.parse(command, section, xml);
            NetworkDef newLive = live ? apply(change, n.active().live()) : null;
            NetworkDef newConfig = config ? apply(change, n.persistentDef()) : null;
            if (newConfig != null) {
                try {
                    defs.save(n.name(), NetworkXml.format(newConfig, Secrets.INCLUDE));
                } catch (IOException e) {
                    throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of network '" + n.name()
                            + "': " + e.getMessage() + ".", e);
                }
                n.setPersistentDef(newConfig);
            }
            if (newLive != null) {
                ActiveNetwork a = driver.updateHosts(n.active(), newLive);
                try {
                    save(n, a);
                } catch (IOException e) {
                    LOG.warning("cannot record the updated live definition of network " + n.name() + ": "
                            + e.getMessage());
                }
                n.setActive(a);
            }
            return n;
        });
    }

    private static NetworkDef apply(NetworkUpdate change, NetworkDef def) {
        try {
            return change.apply(def);
        } catch (ConfException e) {
            ErrorCode code = e.kind() == ConfException.Kind.DUPLICATE ? ErrorCode.ALREADY_EXISTS
                    : e.kind() == ConfException.Kind.NOT_FOUND ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_DEFINITION;
            throw new DaemonException(code, e.getMessage(), e);
        }
    }

    // ---- registry ------------------------------------------------------------

    private NetworkObj register(String name, UUID uuid) {
        NetworkObj n = new NetworkObj(name, uuid);
        byName.put(name, n);
        byUuid.put(uuid, n);
        return n;
    }

    private void unregister(NetworkObj n) {
        byName.remove(n.name(), n);
        byUuid.remove(n.uuid(), n);
    }

    private void clear(UUID uuid) {
        try {
            runtime.clear(uuid);
        } catch (IOException e) {
            LOG.warning("cannot remove the run directory of network " + uuid + ": " + e.getMessage());
        }
    }

    /** The subnets of a definition in CIDR form, for the API. */
    public static List<String> subnets(NetworkDef def) {
        List<String> out = new ArrayList<>();
        for (IpDef ip : def.ips()) {
            out.add(ip.cidr().toString());
        }
        return out;
    }

    /** Flushes the definition store; running networks are left alone. */
    @Override
    public void close() {
        try {
            defs.close();
        } catch (IOException e) {
            LOG.warning("closing the network definition store failed: " + e.getMessage());
        }
    }
}
