package io.jvirt.network.host;

import io.jvirt.network.NetworkException;
import io.jvirt.network.NetworkException.Kind;
import io.jvirt.network.render.DnsmasqFiles;
import io.jvirt.network.render.DnsmasqUser;
import io.jvirt.sys.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The directory dnsmasq reads its hosts files from after dropping to its unprivileged user,
 * made the way libvirt makes {@code /var/lib/libvirt/dnsmasq}: owned by root, outside the
 * daemon's private state directory. From {@link DnsmasqFiles#hostsRoot()} down, every
 * directory is root's and traversable but not listable (0711); the hosts directory itself is
 * {@code root:GROUP 0750} and its files {@code root:GROUP 0640}, GROUP being dnsmasq's group,
 * so dnsmasq's user reads them, cannot change them, and no other user can read them.
 */
public final class DnsmasqDirs {
    static final Set<PosixFilePermission> PATH_MODE = PosixFilePermissions.fromString("rwx--x--x");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

    private static volatile DnsmasqUser unprivileged;

    private DnsmasqDirs() {
    }

    /**
     * The user dnsmasq runs as: {@code nobody}, with its primary group (looked up once through
     * the system's user database: {@code nogroup} on Debian, {@code nobody} on Fedora).
     *
     * @return the user and group
     * @throws NetworkException when the host has no such user
     */
    public static DnsmasqUser user() {
        DnsmasqUser u = unprivileged;
        if (u == null) {
            String gid = field(getent("passwd", "nobody"), 3);
            u = new DnsmasqUser("nobody", field(getent("group", gid), 0));
            unprivileged = u;
        }
        return u;
    }

    private static String getent(String db, String key) {
        Command.Result r = Command.run(List.of("getent", db, key));
        if (!r.ok() || r.stdout().isBlank()) {
            throw new NetworkException(Kind.HOST_FAILURE, "The host's user database has no " + db + " entry '" + key
                    + "', which dnsmasq needs to run unprivileged; add it (getent " + db + " " + key + " finds nothing).");
        }
        return r.stdout().lines().findFirst().orElseThrow();
    }

    private static String field(String entry, int index) {
        String[] f = entry.split(":", -1);
        if (f.length <= index) {
            throw new NetworkException(Kind.HOST_FAILURE, "The user database entry '" + entry + "' is malformed.");
        }
        return f[index];
    }

    /**
     * Creates the hosts directory of {@code files} empty, for {@code user} alone: the path from
     * {@link DnsmasqFiles#hostsRoot()} is created (0711) or made traversable where it is not,
     * and refused when a directory on it belongs to another user (who could swap the files).
     *
     * @param files the network's files, with a hosts root
     * @param user dnsmasq's user and group
     * @throws NetworkException when the directory cannot be made
     */
    public static void prepare(DnsmasqFiles files, DnsmasqUser user) {
        Path dir = files.hostsDir();
        try {
            checkAbove(files.hostsRoot());
            List<Path> path = new ArrayList<>();
            for (Path p = dir.getParent(); p != null && p.startsWith(files.hostsRoot()); p = p.getParent()) {
                path.addFirst(p);
            }
            for (Path p : path) {
                traversable(p);
            }
            removeTree(dir);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            // createDirectory applies the umask: set the mode explicitly, then hand the group over
            Files.setPosixFilePermissions(dir, DIR_MODE);
            setGroup(dir, user);
        } catch (IOException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot create " + dir + " for dnsmasq: " + e.getMessage()
                    + "; jvirtd needs to run as root to manage networks.", e);
        }
    }

    /** Every directory above {@code root} must let others through (dnsmasq's user included). */
    private static void checkAbove(Path root) throws IOException {
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new NetworkException(Kind.HOST_FAILURE, "dnsmasq runs as an unprivileged user, which cannot "
                        + "enter " + p + " on the way to jvirt's " + root + "; make it traversable (chmod o+x " + p + ").");
            }
        }
    }

    private static void traversable(Path p) throws IOException {
        try {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PATH_MODE));
            Files.setPosixFilePermissions(p, PATH_MODE);
            return;
        } catch (FileAlreadyExistsException exists) {
            // check it below
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NetworkException(Kind.HOST_FAILURE, p + " is not a directory; jvirt keeps dnsmasq's hosts files "
                    + "there: remove it.");
        }
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new NetworkException(Kind.HOST_FAILURE, p + " belongs to uid " + owner + ", not to jvirtd's user; "
                    + "that user could replace dnsmasq's hosts files: remove the directory and start the network again.");
        }
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (!mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            mode.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, mode);
        }
    }

    /**
     * Replaces a hosts file atomically: the new text is written to a temporary file that only
     * root can read, handed to dnsmasq's group, and renamed over the old one.
     *
     * @param file the hosts file
     * @param text its new content
     * @param user dnsmasq's user and group, or null for the single-directory layout of older
     *     versions (readable by all, as they made it)
     * @throws NetworkException when the file cannot be written
     */
    public static void write(Path file, String text, DnsmasqUser user) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Set<PosixFilePermission> mode = user == null ? PosixFilePermissions.fromString("rw-r--r--") : FILE_MODE;
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            if (user != null) {
                setGroup(tmp, user);
            }
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }

    private static void setGroup(Path p, DnsmasqUser user) throws IOException {
        GroupPrincipal g = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(user.group());
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
    }

    /**
     * Removes a hosts directory and its files, and then its parent when nothing else is left
     * in it (the per-daemon directory goes with the daemon's last network).
     *
     * @param hostsDir the directory
     */
    public static void remove(Path hostsDir) {
        try {
            removeTree(hostsDir);
            Files.deleteIfExists(hostsDir.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException othersLeft) {
            // other networks of this daemon still use it
        } catch (IOException e) {
            throw new NetworkException(Kind.HOST_FAILURE, "Cannot remove " + hostsDir + ": " + e.getMessage() + ".", e);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(dir);
    }
}
