package io.jvirt.storage.internal;

import io.jvirt.conf.storage.Permissions;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** File-system chores shared by the backends and the volume operations: directories and permissions. */
public final class HostFiles {

    /** Mode of a pool directory built without one, as libvirt uses. */
    public static final int DEFAULT_POOL_MODE = 0711;
    /** Mode of a volume created without one, as libvirt uses. */
    public static final int DEFAULT_VOLUME_MODE = 0600;

    private HostFiles() {
    }

    /**
     * Creates a pool's target directory and missing parents, then applies its permissions
     * (mode 0711 when none is given and the directory is new).
     *
     * @param def the pool
     */
    public static void makePoolDirectory(PoolDef def) {
        Path dir = Path.of(def.target().path());
        try {
            boolean existed = Files.isDirectory(dir);
            Files.createDirectories(dir);
            Permissions p = def.target().permissions();
            apply(dir, p, existed ? null : DEFAULT_POOL_MODE);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, def.name(), null, "The directory " + dir + " of pool '" + def.name()
                    + "' cannot be created: " + describe(e) + ".", e);
        }
    }

    /**
     * Removes a pool's empty target directory.
     *
     * @param def the pool
     */
    public static void removePoolDirectory(PoolDef def) {
        Path dir = Path.of(def.target().path());
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            throw new StorageException(Kind.NOT_FOUND, def.name(), null, "The directory " + dir + " of pool '"
                    + def.name() + "' does not exist, so there is nothing to delete.", e);
        } catch (DirectoryNotEmptyException e) {
            throw new StorageException(Kind.POOL_NOT_EMPTY, def.name(), null, "The directory " + dir + " of pool '"
                    + def.name() + "' is not empty; delete its volumes (and any other files) first.", e);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, def.name(), null, "The directory " + dir + " of pool '" + def.name()
                    + "' cannot be removed: " + describe(e) + ".", e);
        }
    }

    /**
     * Applies a mode, owner and group to a file or directory, without following a final link.
     *
     * @param path the file
     * @param p the permissions; an owner or group of -1 is left as it is
     * @param defaultMode the mode to set when {@code p} has none, or null to leave it
     * @throws IOException when the change fails
     */
    public static void apply(Path path, Permissions p, Integer defaultMode) throws IOException {
        Integer mode = p.mode() != null ? p.mode() : defaultMode;
        if (p.owner() != null && p.owner() >= 0) {
            Files.setAttribute(path, "unix:uid", (int) (long) p.owner(), LinkOption.NOFOLLOW_LINKS);
        }
        if (p.group() != null && p.group() >= 0) {
            Files.setAttribute(path, "unix:gid", (int) (long) p.group(), LinkOption.NOFOLLOW_LINKS);
        }
        if (mode != null) {
            Files.setPosixFilePermissions(path, permissions(mode));
        }
    }

    /**
     * Converts permission bits to the JDK's set.
     *
     * @param mode bits 0 to 0777
     * @return the set
     */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /**
     * Describes an I/O failure for a message, without a trailing period.
     *
     * @param e the failure
     * @return for example "No space left on device"
     */
    public static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            m = f.getReason();
        }
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }
}
