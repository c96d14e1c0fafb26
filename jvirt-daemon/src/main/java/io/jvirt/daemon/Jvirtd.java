package io.jvirt.daemon;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.HostInfo;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.domain.EventBus;
import io.jvirt.daemon.firmware.HostFirmware;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.host.HostSmbios;
import io.jvirt.daemon.host.caps.CapabilitiesService;
import io.jvirt.qemu.caps.QemuCapsCache;
import io.jvirt.daemon.host.HostView;
import io.jvirt.daemon.host.ProbingAccelChooser;
import io.jvirt.daemon.hostdev.GuestHostdevs;
import io.jvirt.daemon.network.GuestNics;
import io.jvirt.daemon.network.NetworkService;
import io.jvirt.daemon.rest.IdleCollector;
import io.jvirt.daemon.rest.RestHandler;
import io.jvirt.daemon.storage.DiskLocks;
import io.jvirt.daemon.storage.GuestDisks;
import io.jvirt.daemon.storage.StorageService;
import io.jvirt.daemon.storage.VolumeService;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.daemon.tuning.DomainTuning;
import io.jvirt.daemon.tuning.LinuxHostTuning;
import io.jvirt.network.GuestLinks;
import io.jvirt.network.NetworkDriver;
import io.jvirt.qemu.firmware.MachineAliases;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The jvirt daemon: loads definitions, reattaches to running domains, serves the REST API
 * on a UNIX socket, and starts autostart domains. Closing it stops the API only; running
 * domains keep running and are found again by the next daemon.
 */
public final class Jvirtd implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Jvirtd.class.getName());
    /** The daemon's version string. */
    public static final String VERSION = "0.1.0";

    private final DaemonConfig config;
    private final FileChannel lockChannel;
    private final DomainService domains;
    private final NetworkService networks;
    private final StorageService pools;
    private final Server server;
    private final AccelChooser accel;
    private final HostFacts host;

    private Jvirtd(DaemonConfig config, FileChannel lockChannel, DomainService domains, NetworkService networks,
                   StorageService pools, Server server, AccelChooser accel, HostFacts host) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.domains = domains;
        this.networks = networks;
        this.pools = pools;
        this.server = server;
        this.accel = accel;
        this.host = host;
    }

    /**
     * Jetty sizes some padding by the JVM's reference size, which it asks the platform MBean
     * server for unless told: that starts JMX, the platform MXBeans and their proxies, ~250
     * classes and ~6 MiB of the daemon's resident memory for one number. The daemon's heap is
     * small enough for compressed references (4 bytes, so 16 per 64-byte cache line).
     */
    static void skipJettyMemoryProbe() {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** Starts a daemon; returns once its API answers. */
    public static Jvirtd start(DaemonConfig config) throws Exception {
        long t0 = System.nanoTime();
        Path state = PrivateFiles.createDirectories(config.stateDir());
        FileChannel lock = FileChannel.open(state.resolve("jvirtd.lock"), java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PrivateFiles.fileMode());
        FileLock held = lock.tryLock();
        if (held == null) {
            lock.close();
            throw new DaemonException(ErrorCode.INVALID_STATE, "another jvirtd is already using the state directory "
                    + state + "; stop it first or pick another --state-dir.");
        }
        try {
            int tightened;
            try {
                tightened = PrivateFiles.tighten(state);
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "cannot make the state directory " + state
                        + " private to the daemon's user (" + e + "); give that user its files back (chown -R) or pick "
                        + "another --state-dir.", e);
            }
            if (tightened > 0) {
                LOG.info("made " + tightened + " files and directories of " + state + " private to the daemon's user"
                        + " (an older jvirt had left them readable by others)");
            }
            prepareSocket(config.socket());
            HostFacts host = HostFacts.read();
            AccelChooser accel = new ProbingAccelChooser(config.emulator(), config.guestKernel());
            EventBus events = new EventBus();
            NetworkDriver netDriver = new NetworkDriver();
            NetworkService networks = new NetworkService(state, netDriver);
            networks.load();
            StorageService pools = new StorageService(state, config.imagesDir(), new DiskLocks());
            pools.load();
            VolumeService volumes = new VolumeService(pools);
            DomainService domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), events,
                    host, accel, config.emulator());
            volumes.setPausedDomains(name -> domains.isPaused(name));
            domains.setNicPlumbing(new GuestNics(networks, netDriver));
            domains.setDiskPlumbing(new GuestDisks(pools));
            domains.setHelpers(state);
            domains.setSnapshots(state);
            GuestLinks links = new GuestLinks();
            domains.setHostdevPlumbing(new GuestHostdevs(HostView.SYSTEM, links::setVirtualFunction));
            domains.setDisplayNetworks(networks::displayAddress);
            domains.setTuning(new DomainTuning(new LinuxHostTuning()));
            Supplier<MachineAliases> machines = HostFirmware.askQemu(config.emulator());
            domains.setMachineAliases(machines);
            domains.setFirmwarePlumbing(new HostFirmware(HostFirmware.descriptorDirs(DaemonConfig.isRoot()),
                    state.resolve("nvram"), machines));
            domains.setHostSmbios(HostSmbios::read);
            domains.load();
            skipJettyMemoryProbe();
            QueuedThreadPool pool = new QueuedThreadPool(16, 2);
            pool.setName("jvirtd-api");
            pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            // the buffer pool keeps up to 64 connection buffers of each kind: a direct buffer the
            // pool drops is freed only when some collection notices it, and a thousand requests
            // from 16 clients then left ~11 MiB of dead 64 KiB buffers resident
            Server server = new Server(pool, null,
                    new org.eclipse.jetty.io.ArrayByteBufferPool(0, 1024, 65536, 64, 4 << 20, 4 << 20));
            // volume uploads stream through the connection's input buffer: 64 KiB (Jetty's default 8 KiB
            // costs a read per 8 KiB of a multi-gigabyte upload); the largest pooled size (larger
            // buffers measured no faster once the socket buffers below were big)
            org.eclipse.jetty.server.HttpConnectionFactory http = new org.eclipse.jetty.server.HttpConnectionFactory();
            http.setInputBufferSize(65536);
            UnixDomainServerConnector connector = new UnixDomainServerConnector(server, http);
            connector.setUnixDomainPath(config.socket());
            connector.setAcceptQueueSize(1024);
            // responses are small JSON documents or file data written from heap arrays: heap buffers
            http.getHttpConfiguration().setUseOutputDirectByteBuffers(false);
            // volume transfers: megabytes queued in the socket let the client and the daemon work
            // at the same time (the kernel caps the size at net.core.wmem_max/rmem_max)
            connector.setAcceptedSendBufferSize(4 << 20);
            connector.setAcceptedReceiveBufferSize(4 << 20);
            server.addConnector(connector);
            Jvirtd d = new Jvirtd(config, lock, domains, networks, pools, server, accel, host);
            server.setErrorHandler(new io.jvirt.daemon.rest.JsonErrorHandler());
            IdleCollector idle = new IdleCollector(new RestHandler(domains, networks, pools, volumes, events, d::hostInfo,
                    new CapabilitiesService(QemuCapsCache.real(state.resolve("caps")), config.emulator(), accel,
                            CapabilitiesService.Sources.system(HostFirmware.descriptorDirs(DaemonConfig.isRoot())))));
            server.setHandler(idle);
            server.start();
            idle.startTicking();
            Files.setPosixFilePermissions(config.socket(), PosixFilePermissions.fromString("rw-------"));
            LOG.info("jvirtd " + VERSION + " listening on " + config.socket() + " with " + domains.count()
                    + " domains, state in " + state + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            Thread.ofVirtual().name("accel-probe").start(accel::hostBest);
            pools.autostart();
            networks.autostart();
            domains.autostart();
            return d;
        } catch (Exception e) {
            lock.close();
            throw e;
        }
    }

    /** Refuses a socket path that a live daemon answers on or that is not a socket; removes a stale socket. */
    private static void prepareSocket(Path socket) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new DaemonException(ErrorCode.INVALID_STATE, socket
                    + " exists and is not a socket; refusing to replace it: remove it or choose another --socket.");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            throw new DaemonException(ErrorCode.INVALID_STATE, "a jvirtd is already listening on " + socket
                    + "; stop it first or choose another --socket.");
        } catch (IOException stale) {
            Files.delete(socket);
        }
    }

    /** Facts for {@code GET /v1/host}. */
    public HostInfo hostInfo() {
        AccelChooser.Choice best = accel.hostBest();
        int running = domains.list(false).size();
        return new HostInfo(VERSION, host.hostname(), best.accel().name().toLowerCase(java.util.Locale.ROOT),
                best.note(), null, host.memoryKiB(), host.cpus(), config.stateDir().toString(), domains.count(), running);
    }

    public DomainService domains() {
        return domains;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving the API; running domains keep running. */
    @Override
    public void close() throws Exception {
        try {
            if (server.getHandler() instanceof IdleCollector idle) {
                idle.stopTicking();
            }
            domains.endConsoleSessions();
            server.stop();
        } finally {
            domains.close();
            networks.close();
            pools.close();
            Files.deleteIfExists(config.socket());
            lockChannel.close();
        }
    }
}
