package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The per-object run directories (named by UUID) that the domain, network and pool runtime
 * stores keep under their roots: listing them at start-up and removing one with everything
 * in it.
 */
public final class RunDirs {
    private RunDirs() {
    }

    /** A run directory and the UUID it is named by. */
    public record RunDir(UUID uuid, Path dir) { }

    /** The subdirectories of {@code root} named by a UUID; other entries are not ours and are skipped. */
    public static List<RunDir> list(Path root) throws IOException {
        List<RunDir> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path d : ds) {
                try {
                    out.add(new RunDir(UUID.fromString(d.getFileName().toString()), d));
                } catch (IllegalArgumentException notOurs) {
                    // not a run directory
                }
            }
        }
        return out;
    }

    /** Removes {@code dir} and everything in it; nothing when it does not exist. */
    public static void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
