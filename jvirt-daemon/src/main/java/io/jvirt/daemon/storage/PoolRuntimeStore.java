package io.jvirt.daemon.storage;

import io.jvirt.daemon.store.RunDirs;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Per running pool, a directory {@code pools-run/UUID/} with the definition it was started
 * with ({@code live.xml}), so that a restarted daemon knows which pools run (transient ones
 * too) and checks that they still do (an fs pool's device still mounted).
 */
final class PoolRuntimeStore {
    private static final String LIVE = "live.xml";

    /** A directory found at daemon start; {@code liveXml} is null when unreadable. */
    record Found(UUID uuid, Path dir, String liveXml) {
    }

    private final Path root;

    PoolRuntimeStore(Path stateDir) throws IOException {
        this.root = PrivateFiles.createDirectories(stateDir.resolve("pools-run"));
    }

    void save(UUID uuid, String liveXml) throws IOException {
        Path d = PrivateFiles.createDirectories(root.resolve(uuid.toString()));
        AtomicFiles.writeUnsynced(d.resolve(LIVE), liveXml.getBytes(StandardCharsets.UTF_8));
    }

    List<Found> loadAll() throws IOException {
        List<Found> out = new ArrayList<>();
        for (RunDirs.RunDir rd : RunDirs.list(root)) {
            String xml;
            try {
                xml = Files.readString(rd.dir().resolve(LIVE), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                xml = null;
            }
            out.add(new Found(rd.uuid(), rd.dir(), xml));
        }
        return out;
    }

    void clear(UUID uuid) throws IOException {
        RunDirs.remove(root.resolve(uuid.toString()));
    }
}
