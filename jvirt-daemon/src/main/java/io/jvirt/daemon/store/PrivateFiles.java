package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The state directory is private to the daemon's user, like libvirt's {@code /etc/libvirt/qemu}
 * (0700, definitions 0600): definitions carry secrets (a VNC password), and journals, runtime
 * records, live definitions and logs may quote them. Everything jvirt keeps there is created
 * with mode 0600 (files) or 0700 (directories) from the first moment, never widened and
 * narrowed later; {@link #tighten} fixes what an older jvirt left readable. What dnsmasq
 * must read after dropping its privileges lives outside the state directory (see the network
 * runtime); QEMU runs as the daemon's user and needs no exception.
 */
public final class PrivateFiles {
    /** Mode 0600. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** Mode 0700. */
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    /**
     * What jvirt keeps in a state directory. Anything else there is not jvirt's to change: in
     * particular {@code images/}, the default pool, whose modes follow the pool definition.
     */
    static final List<String> STATE_ENTRIES = List.of("domains", "domains.journal", "autostart", "run",
            "networks", "networks.journal", "networks-run", "pools", "pools.journal", "pools-run",
            "jvirtd.log", "jvirtd.lock", "tpm");

    private PrivateFiles() {
    }

    /** The attribute that creates a file with mode 0600. */
    public static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE_MODE);
    }

    /** The attribute that creates a directory with mode 0700. */
    public static FileAttribute<Set<PosixFilePermission>> dirMode() {
        return PosixFilePermissions.asFileAttribute(DIR_MODE);
    }

    /** Creates {@code dir} and its missing parents, each new one with mode 0700; an existing one is kept. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, dirMode());
    }

    /** Creates {@code file} empty with mode 0600 unless it exists (whatever its content). */
    public static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, fileMode());
        } catch (FileAlreadyExistsException exists) {
            // kept as it is
        }
        return file;
    }

    /**
     * Makes jvirt's entries of a state directory private: directories 0700, regular files 0600,
     * walked without following links; sockets and other special files are left alone (their
     * directories are closed). The state directory itself keeps its mode when it existed (it
     * may be a directory the user shares with others; jvirt creates it 0700).
     *
     * @param stateDir the daemon's state directory
     * @return how many entries were changed
     * @throws IOException when an entry cannot be read or changed
     */
    public static int tighten(Path stateDir) throws IOException {
        int[] changed = {0};
        for (String name : STATE_ENTRIES) {
            Path top = stateDir.resolve(name);
            if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    changed[0] += narrow(dir, DIR_MODE);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        changed[0] += narrow(file, FILE_MODE);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return changed[0];
    }

    private static int narrow(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            return 0;
        }
        Files.setPosixFilePermissions(p, mode);
        return 1;
    }
}
