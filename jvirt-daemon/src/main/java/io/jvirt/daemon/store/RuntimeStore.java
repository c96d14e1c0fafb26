package io.jvirt.daemon.store;

import io.jvirt.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per running domain, a run directory {@code run/UUID/} holding QEMU's sockets, pidfile and
 * logs, the live definition {@code live.xml} and the {@link RuntimeRecord} {@code runtime.json},
 * all private to the daemon's user ({@link PrivateFiles}): the live definition has the
 * domain's secrets, and QEMU runs as the same user.
 * UUIDs name the directories so that socket paths stay short whatever the domain's name.
 * Records are replaced atomically but not fsynced: they describe processes that cannot
 * outlive the host (see {@link AtomicFiles#writeUnsynced}).
 */
public final class RuntimeStore {
    private static final String RECORD = "runtime.json";
    private static final String LIVE = "live.xml";

    private final Path runRoot;
    /** The record last written to each run directory: an unchanged one is not written again. */
    private final Map<UUID, RuntimeRecord> written = new ConcurrentHashMap<>();

    public RuntimeStore(Path stateDir) throws IOException {
        this.runRoot = PrivateFiles.createDirectories(stateDir.resolve("run"));
    }

    /** The run directory of a domain (not created). */
    public Path runDir(UUID uuid) {
        return runRoot.resolve(uuid.toString());
    }

    /**
     * Creates an empty run directory (mode 0700), removing leftovers of an earlier run, with
     * QEMU's two logs already there as 0600 files: QEMU and the daemon's redirect would create
     * them readable by all (QEMU opens an existing log without changing its mode).
     */
    public Path prepare(UUID uuid) throws IOException {
        Path dir = runDir(uuid);
        clear(uuid);
        PrivateFiles.createDirectories(dir);
        for (String log : QEMU_LOGS) {
            PrivateFiles.createFile(dir.resolve(log));
        }
        return dir;
    }

    /** QEMU's output ({@code qemu.log}) and the console's copy ({@code console.log}). */
    private static final List<String> QEMU_LOGS = List.of("qemu.log", "console.log");

    /**
     * Records a running domain's live definition and its record (the record only when it
     * changed since this store last wrote or read it: most changes of a running domain are
     * changes of its devices).
     */
    public void save(UUID uuid, RuntimeRecord record, String liveXml) throws IOException {
        Path dir = runDir(uuid);
        AtomicFiles.writeUnsynced(dir.resolve(LIVE), liveXml.getBytes(StandardCharsets.UTF_8));
        if (!record.equals(written.get(uuid))) {
            AtomicFiles.writeUnsynced(dir.resolve(RECORD), Json.mapper().writeValueAsBytes(record));
            written.put(uuid, record);
        }
    }

    /** One run directory found at start-up. */
    public record Found(UUID uuid, Path dir, RuntimeRecord record, String liveXml) { }

    /** All run directories with a readable record; unreadable leftovers are removed. */
    public List<Found> loadAll() throws IOException {
        List<Found> out = new ArrayList<>();
        for (RunDirs.RunDir d : RunDirs.list(runRoot)) {
            try {
                RuntimeRecord r = Json.mapper().readValue(d.dir().resolve(RECORD).toFile(), RuntimeRecord.class);
                String live = Files.readString(d.dir().resolve(LIVE), StandardCharsets.UTF_8);
                out.add(new Found(d.uuid(), d.dir(), r, live));
                written.put(d.uuid(), r);
            } catch (IOException unreadable) {
                clear(d.uuid());
            }
        }
        return out;
    }

    /** Removes a domain's run directory and everything in it. */
    public void clear(UUID uuid) throws IOException {
        written.remove(uuid);
        RunDirs.remove(runDir(uuid));
    }
}
