package io.jvirt.storage.internal;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import java.nio.file.Path;

/**
 * The directory of a running file-based pool, and the one place that turns volume names into
 * paths: a name must pass {@link VolumeDef#validateName} (no '/', no leading '.', no control
 * characters), resolves to a direct child of the pool's real directory, and an existing
 * volume must be a regular file, never a symbolic link, so no name reaches outside the pool.
 *
 * @param pool the pool name, for messages
 * @param dir the pool directory as a real path (symbolic links in it resolved)
 */
public record VolumeDir(String pool, Path dir) {

    /**
     * Checks a name and returns the path a volume of that name has.
     *
     * @param name the volume name
     * @return the path, a direct child of {@link #dir()}
     * @throws StorageException INVALID_NAME
     */
    public Path pathOf(String name) {
        try {
            VolumeDef.validateName(name);
        } catch (ConfException e) {
            throw new StorageException(Kind.INVALID_NAME, pool, name, e.detail(), e);
        }
        Path p = dir.resolve(name).normalize();
        if (!dir.equals(p.getParent())) {
            throw new StorageException(Kind.INVALID_NAME, pool, name, "The volume name '" + name
                    + "' does not name a file directly inside pool '" + pool + "'.");
        }
        return p;
    }

    /**
     * Returns the path of an existing volume, with its status.
     *
     * @param name the volume name
     * @return the path and its stat
     * @throws StorageException INVALID_NAME (also for a symbolic link), NOT_FOUND, INVALID_ARGUMENT
     *     for something that is not a regular file
     */
    public Located existing(String name) {
        Path p = pathOf(name);
        FileStat st;
        try {
            st = Native.lstat(p);
        } catch (Native.NativeError e) {
            if (e.errno() == 2) {
                throw new StorageException(Kind.NOT_FOUND, pool, name,
                        "Pool '" + pool + "' has no volume named '" + name + "'.");
            }
            throw new StorageException(Kind.IO, pool, name, "The volume '" + name + "' of pool '" + pool
                    + "' cannot be examined: " + e.getMessage() + ".");
        }
        if (st.isSymlink()) {
            throw new StorageException(Kind.INVALID_NAME, pool, name, "The volume '" + name + "' of pool '" + pool
                    + "' is a symbolic link, which jvirt does not follow out of a pool; replace it with a file.");
        }
        if (!st.isRegular()) {
            throw new StorageException(Kind.INVALID_ARGUMENT, pool, name, "'" + name + "' in pool '" + pool
                    + "' is not a regular file, so it is not a volume.");
        }
        return new Located(name, p, st);
    }

    /**
     * Finds the volume name of a path inside this pool.
     *
     * @param path an absolute path
     * @return the name, or null when the path is not a direct child of the pool directory
     */
    public String nameOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!dir.equals(p.getParent())) {
            return null;
        }
        return p.getFileName().toString();
    }

    /**
     * An existing volume file.
     *
     * @param name its name
     * @param path its path
     * @param stat its status
     */
    public record Located(String name, Path path, FileStat stat) {
    }
}
