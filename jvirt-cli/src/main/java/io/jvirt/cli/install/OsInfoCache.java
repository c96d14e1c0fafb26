package io.jvirt.cli.install;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps OS entries that {@link OsInfoDb} resolved, one small file per short id, so that the next
 * {@code jvirt install --os-variant X} reads one file instead of parsing X's whole derives-from
 * chain (linux2020 derives from forty Ubuntu releases: 40-50 ms of a one-shot CLI). Entries are
 * filed under a key made of the database's directory modification times, which a package update
 * of osinfo-db changes: a stale entry is never read. Any failure (no home, a read-only cache, a
 * damaged entry) only means the database is read instead.
 */
final class OsInfoCache {
    private static final int VERSION = 1;

    private final Path dir;

    private OsInfoCache(Path dir) {
        this.dir = dir;
    }

    /**
     * A cache for the database at {@code root}, in {@code base} ({@code $XDG_CACHE_HOME/jvirt} or
     * {@code ~/.cache/jvirt}); null when there is no such directory to use.
     *
     * @param root the database's directory (holding {@code os/})
     * @param base where the cache lives, or null
     * @return the cache, or null
     */
    static OsInfoCache of(Path root, Path base) {
        if (base == null) {
            return null;
        }
        Path os = root.resolve("os");
        long key = 17;
        try (DirectoryStream<Path> vendors = Files.newDirectoryStream(os)) {
            key = key * 31 + mtime(os);
            for (Path v : vendors) {
                key = key * 31 + v.getFileName().toString().hashCode();
                key = key * 31 + mtime(v);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new OsInfoCache(base.resolve("osinfo-v" + VERSION).resolve(Long.toHexString(key)));
    }

    /** The default place: {@code $XDG_CACHE_HOME/jvirt}, else {@code ~/.cache/jvirt}; null without either. */
    static Path defaultBase() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "jvirt");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : Path.of(home, ".cache", "jvirt");
    }

    private static long mtime(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).lastModifiedTime().toMillis();
    }

    /**
     * The entry stored for a short id, or null.
     *
     * @param shortId the short id looked up
     * @return the entry or null
     */
    OsInfo get(String shortId) {
        Path f = file(shortId);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(f)))) {
            String id = in.readUTF();
            List<String> shortIds = strings(in);
            String name = in.readUTF();
            String family = in.readBoolean() ? in.readUTF() : null;
            Set<String> devices = new LinkedHashSet<>(strings(in));
            boolean efiOnly = in.readBoolean();
            long minRam = in.readLong();
            long recRam = in.readLong();
            long recStorage = in.readLong();
            int cpus = in.readInt();
            List<String> isos = strings(in);
            String released = in.readUTF();
            return new OsInfo(id, shortIds, name, family, Set.copyOf(devices), efiOnly, minRam, recRam, recStorage,
                    cpus, isos, released);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stores an entry under the short id it was looked up by (written whole, then renamed).
     *
     * @param shortId the short id looked up
     * @param os the resolved entry (not {@link OsInfo#GENERIC})
     */
    void put(String shortId, OsInfo os) {
        Path f = file(shortId);
        if (f == null || os.isGeneric()) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(os.id());
                strings(out, os.shortIds());
                out.writeUTF(os.name());
                out.writeBoolean(os.family() != null);
                if (os.family() != null) {
                    out.writeUTF(os.family());
                }
                strings(out, List.copyOf(os.deviceIds()));
                out.writeBoolean(os.efiOnly());
                out.writeLong(os.minimumRamBytes());
                out.writeLong(os.recommendedRamBytes());
                out.writeLong(os.recommendedStorageBytes());
                out.writeInt(os.recommendedCpus());
                strings(out, os.isoVolumeIds());
                out.writeUTF(os.releaseDate());
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".entry", ".tmp");
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is only slower next time
        }
    }

    /** The entry's file; null for a short id that is no plain file name. */
    private Path file(String shortId) {
        if (shortId.isEmpty() || !shortId.matches("[A-Za-z0-9._+-]+") || shortId.startsWith(".")) {
            return null;
        }
        return dir.resolve(shortId);
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("damaged entry");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return List.copyOf(out);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }
}
