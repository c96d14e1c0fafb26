package io.jvirt.daemon.job;

import io.jvirt.api.Json;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The records of running jobs, {@code STATE/jobs/UUID.json} (0600, in a 0700 directory),
 * written atomically and durably: a record is on disk before the step it describes runs, and
 * removed durably once the job is over. A record that cannot be read is kept aside as
 * {@code UUID.json.bad} (never silently dropped: it may name files a person must look at).
 */
public final class JobStore {
    private static final Logger LOG = Logger.getLogger(JobStore.class.getName());
    private final Path dir;

    /** The store under {@code stateDir/jobs}, created if missing. */
    public JobStore(Path stateDir) throws IOException {
        this.dir = PrivateFiles.createDirectories(stateDir.resolve("jobs"));
    }

    /** The record file of a domain. */
    public Path fileOf(UUID domain) {
        return dir.resolve(domain + ".json");
    }

    /** Writes a domain's record, durably. */
    public void save(UUID domain, JobRecord record) throws IOException {
        AtomicFiles.write(fileOf(domain), Json.mapper().writeValueAsBytes(record));
    }

    /** Removes a domain's record, durably; nothing when there is none. */
    public void delete(UUID domain) throws IOException {
        AtomicFiles.delete(fileOf(domain));
    }

    /** Every record, by domain. */
    public Map<UUID, JobRecord> loadAll() throws IOException {
        Map<UUID, JobRecord> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                UUID uuid;
                try {
                    uuid = UUID.fromString(name.substring(0, name.length() - ".json".length()));
                } catch (IllegalArgumentException notOurs) {
                    continue;
                }
                try {
                    out.put(uuid, Json.mapper().readValue(p.toFile(), JobRecord.class));
                } catch (IOException unreadable) {
                    Path aside = p.resolveSibling(name + ".bad");
                    Files.move(p, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    LOG.warning("the job record " + p + " cannot be read (" + unreadable.getMessage()
                            + "); kept as " + aside + " for a person to look at.");
                }
            }
        }
        return out;
    }
}
