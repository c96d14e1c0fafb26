package io.jvirt.daemon.network;

import io.jvirt.daemon.store.RunDirs;
import io.jvirt.api.Json;
import io.jvirt.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Per active network, a directory {@code networks-run/UUID/} with its live definition
 * ({@code live.xml}), what the driver made ({@code runtime.json}) and the dnsmasq files, so
 * that a restarted daemon finds running networks again, or cleans up after them.
 */
final class NetworkRuntimeStore {
    private static final String RECORD = "runtime.json";
    private static final String LIVE = "live.xml";

    /**
     * What a network's start made.
     *
     * @param bridge the bridge
     * @param createdBridge whether the start created it
     * @param table the nftables table, or null
     * @param dnsmasqPid dnsmasq's pid, or 0
     * @param dnsmasqStartTime dnsmasq's start time in clock ticks, or 0
     */
    record Record(String bridge, boolean createdBridge, String table, long dnsmasqPid, long dnsmasqStartTime) {
    }

    /** A directory found at daemon start. */
    record Found(UUID uuid, Path dir, Record record, String liveXml) {
    }

    private final Path root;

    NetworkRuntimeStore(Path stateDir) throws IOException {
        this.root = Files.createDirectories(stateDir.resolve("networks-run"));
    }

    Path dir(UUID uuid) {
        return root.resolve(uuid.toString());
    }

    /** Creates an empty directory for a start, traversable by dnsmasq's unprivileged user. */
    Path prepare(UUID uuid) throws IOException {
        clear(uuid);
        Path d = Files.createDirectories(dir(uuid));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    void save(UUID uuid, Record r, String liveXml) throws IOException {
        Path d = dir(uuid);
        AtomicFiles.writeUnsynced(d.resolve(LIVE), liveXml.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeUnsynced(d.resolve(RECORD), Json.mapper().writeValueAsBytes(r));
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

    void clear(UUID uuid) throws IOException {
        RunDirs.remove(dir(uuid));
    }
}
