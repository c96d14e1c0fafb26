package io.jvirt.daemon.network;

import io.jvirt.api.Json;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.daemon.store.RunDirs;
import io.jvirt.network.ActiveNetwork;
import io.jvirt.network.host.Dnsmasq;
import io.jvirt.network.render.DnsmasqFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Per active network, a private directory {@code networks-run/UUID/} (0700) with its live
 * definition ({@code live.xml}), what the driver made ({@code runtime.json}) and dnsmasq's
 * configuration, pid file, leases and log, so that a restarted daemon finds running
 * networks again, or cleans up after them.
 *
 * <p>The two hosts files dnsmasq re-reads after dropping its privileges are kept out of the
 * state directory, in {@code /run/jvirt/dnsmasq/DAEMON/UUID/}, which the network driver
 * creates for dnsmasq's user alone. DAEMON is derived from the state directory's real path,
 * so two daemons with different state directories on one host never share it; it goes away
 * with the daemon's last network, and what a crash left there is removed at the next start.
 * The paths are recorded in {@code runtime.json}, so a restarted daemon uses the ones its
 * dnsmasq was started with.
 */
final class NetworkRuntimeStore {
    private static final String RECORD = "runtime.json";
    private static final String LIVE = "live.xml";
    /** jvirt's runtime directory: from here down, the driver makes the path to the hosts files traversable. */
    static final Path RUN_ROOT = Path.of("/run/jvirt");

    /**
     * What a network's start made.
     *
     * @param bridge the bridge
     * @param createdBridge whether the start created it
     * @param table the nftables table, or null
     * @param dnsmasqPid dnsmasq's pid, or 0
     * @param dnsmasqStartTime dnsmasq's start time in clock ticks, or 0
     * @param dnsmasqHostsDir the directory of dnsmasq's hosts files, or null when they are in
     *     the run directory (a network an earlier jvirt started)
     * @param dnsmasqHostsRoot where jvirt's part of the path to {@code dnsmasqHostsDir} starts, or null
     */
    record Record(String bridge, boolean createdBridge, String table, long dnsmasqPid, long dnsmasqStartTime,
                  String dnsmasqHostsDir, String dnsmasqHostsRoot) {

        /** Where the dnsmasq files of the network recorded in {@code dir} are. */
        DnsmasqFiles files(Path dir) {
            return dnsmasqHostsDir == null ? DnsmasqFiles.inOneDirectory(dir)
                    : new DnsmasqFiles(dir, Path.of(dnsmasqHostsDir), Path.of(dnsmasqHostsRoot));
        }
    }

    /** A directory found at daemon start. */
    record Found(UUID uuid, Path dir, Record record, String liveXml) {
    }

    private final Path root;
    private final Path hostsBase;

    NetworkRuntimeStore(Path stateDir) throws IOException {
        this.root = PrivateFiles.createDirectories(stateDir.resolve("networks-run"));
        this.hostsBase = RUN_ROOT.resolve("dnsmasq").resolve(daemonKey(stateDir));
    }

    /**
     * A short name for this daemon under {@code /run/jvirt/dnsmasq}: the start of the SHA-256
     * of the state directory's real path (a path itself could be long and would tell other
     * users where the state lives).
     */
    static String daemonKey(Path stateDir) throws IOException {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(stateDir.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    Path dir(UUID uuid) {
        return root.resolve(uuid.toString());
    }

    /** Where a new start of the network puts dnsmasq's files (the driver creates the hosts directory). */
    DnsmasqFiles files(UUID uuid) {
        return new DnsmasqFiles(dir(uuid), hostsBase.resolve(uuid.toString()), RUN_ROOT);
    }

    /** Creates an empty private directory (0700) for a start. */
    Path prepare(UUID uuid) throws IOException {
        clear(uuid);
        return PrivateFiles.createDirectories(dir(uuid));
    }

    /** Records a running network: what its start made, and its live definition (with its secrets: the file is private). */
    void save(UUID uuid, ActiveNetwork a) throws IOException {
        Dnsmasq.Handle d = a.dnsmasq();
        DnsmasqFiles f = a.files();
        Record r = new Record(a.bridge(), a.createdBridge(), a.table(), d == null ? 0 : d.pid(),
                d == null ? 0 : d.startTime(), f.hostsRoot() == null ? null : f.hostsDir().toString(),
                f.hostsRoot() == null ? null : f.hostsRoot().toString());
        Path dir = dir(uuid);
        AtomicFiles.writeUnsynced(dir.resolve(LIVE), NetworkXml.format(a.live(), Secrets.INCLUDE)
                .getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeUnsynced(dir.resolve(RECORD), Json.mapper().writeValueAsBytes(r));
    }

    List<Found> loadAll() throws IOException {
        List<Found> out = new ArrayList<>();
        for (RunDirs.RunDir rd : RunDirs.list(root)) {
            Path d = rd.dir();
            try {
                Record r = Json.mapper().readValue(d.resolve(RECORD).toFile(), Record.class);
                out.add(new Found(rd.uuid(), d, r, Files.readString(d.resolve(LIVE), StandardCharsets.UTF_8)));
            } catch (IOException unreadable) {
                out.add(new Found(rd.uuid(), d, null, null));
            }
        }
        return out;
    }

    /**
     * Removes this daemon's hosts directories that no active network uses (a crash left them),
     * and the daemon's directory itself when none is left.
     *
     * @param inUse the hosts directories of the active networks
     */
    void removeStrayHostsDirs(Set<Path> inUse) throws IOException {
        if (!Files.isDirectory(hostsBase)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostsBase)) {
            for (Path p : ds) {
                if (!inUse.contains(p)) {
                    RunDirs.remove(p);
                }
            }
        }
        try {
            Files.deleteIfExists(hostsBase);
        } catch (java.nio.file.DirectoryNotEmptyException used) {
            // active networks keep it
        }
    }

    void clear(UUID uuid) throws IOException {
        RunDirs.remove(dir(uuid));
    }
}
