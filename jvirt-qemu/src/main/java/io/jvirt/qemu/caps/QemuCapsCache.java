package io.jvirt.qemu.caps;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The probe's answers, one JSON file per binary in a directory of the daemon's state, valid while
 * the binary's path, size and modification time and the probe's version stay the same (a QEMU
 * upgrade probes again), and kept in memory once read. Thread-safe; two callers may probe at
 * the same time once, both answers being equal.
 */
public final class QemuCapsCache {
    private static final Logger LOG = Logger.getLogger(QemuCapsCache.class.getName());
    /** Raised when what the probe asks or records changes. */
    static final int PROBE_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a cache file holds: the key it is valid for and the answers. */
    record Entry(String key, QemuCaps caps) {
    }

    /** Probes a binary; the seam tests replace. */
    public interface Prober {
        QemuCaps probe(Path emulator, Path workDir);
    }

    private final Path dir;
    private final Prober prober;
    private final Map<String, Entry> memory = new ConcurrentHashMap<>();

    /**
     * A cache in {@code dir} (created when needed) that asks {@code prober} on a miss.
     */
    public QemuCapsCache(Path dir, Prober prober) {
        this.dir = dir;
        this.prober = prober;
    }

    /** A cache probing with the real {@link QemuCapsProbe}. */
    public static QemuCapsCache real(Path dir) {
        return new QemuCapsCache(dir, QemuCapsProbe::probe);
    }

    /**
     * What {@code emulator} can do, probed at most once per version of the binary.
     *
     * @throws QemuCapsException when the binary is missing or the probe fails
     */
    public QemuCaps get(Path emulator) {
        String key = key(emulator);
        Entry known = memory.get(emulator.toString());
        if (known != null && known.key().equals(key)) {
            return known.caps();
        }
        Path file = dir.resolve(fileName(emulator));
        Entry stored = read(file);
        if (stored != null && stored.key().equals(key)) {
            memory.put(emulator.toString(), stored);
            return stored.caps();
        }
        QemuCaps caps = prober.probe(emulator, dir);
        Entry fresh = new Entry(key, caps);
        write(file, fresh);
        memory.put(emulator.toString(), fresh);
        return caps;
    }

    /** The key a binary's answers are valid for. */
    static String key(Path emulator) {
        try {
            BasicFileAttributes a = Files.readAttributes(emulator, BasicFileAttributes.class);
            return "v" + PROBE_VERSION + " " + emulator + " " + a.size() + " " + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new QemuCapsException("The emulator " + emulator + " cannot be read (" + e.getMessage()
                    + "); install QEMU (qemu-system-x86 on Debian) or name another binary.", e);
        }
    }

    private static String fileName(Path emulator) {
        return "qemu-" + emulator.toString().replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    private static Entry read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), Entry.class);
        } catch (IOException e) {
            LOG.warning("the QEMU capability cache " + file + " cannot be read (" + e.getMessage()
                    + "); probing again.");
            return null;
        }
    }

    private static void write(Path file, Entry entry) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), entry);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warning("the QEMU capabilities cannot be cached in " + file + " (" + e.getMessage()
                    + "); they will be probed again next time.");
        }
    }
}
