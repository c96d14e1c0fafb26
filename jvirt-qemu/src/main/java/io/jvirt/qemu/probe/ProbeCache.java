package io.jvirt.qemu.probe;

import io.jvirt.qemu.argv.Accel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A small properties file holding the last probe result and the key it is valid for (host
 * kernel, QEMU version, test guest, probe version). Written atomically.
 */
final class ProbeCache {
    private static final System.Logger LOG = System.getLogger(ProbeCache.class.getName());

    private final Path file;

    ProbeCache(Path file) {
        this.file = file;
    }

    /** Returns the stored result when it was stored under {@code key}. */
    Optional<AccelResult> read(String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "The accelerator probe cache " + file
                    + " cannot be read; probing again.", e);
            return Optional.empty();
        }
        if (!key.equals(p.getProperty("key"))) {
            return Optional.empty();
        }
        String accel = p.getProperty("accel", "");
        String reason = p.getProperty("reason");
        for (Accel a : Accel.values()) {
            if (a.name().equals(accel) && reason != null) {
                return Optional.of(new AccelResult(a, reason));
            }
        }
        return Optional.empty();
    }

    /** Stores {@code result} under {@code key}; a failure to write is logged, not thrown. */
    void write(String key, AccelResult result, Duration took) {
        Properties p = new Properties();
        p.setProperty("key", key);
        p.setProperty("accel", result.accel().name());
        p.setProperty("reason", result.reason());
        p.setProperty("probedAt", Instant.now().toString());
        p.setProperty("probeMillis", Long.toString(took.toMillis()));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "jvirt accelerator probe result; delete this file to probe again");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "The accelerator probe result cannot be cached in " + file + ".", e);
        }
    }
}
