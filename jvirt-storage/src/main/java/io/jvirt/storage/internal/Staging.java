package io.jvirt.storage.internal;

import io.jvirt.conf.storage.Permissions;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A new volume under construction: it is written under a hidden temporary name in the pool
 * directory (refresh skips names starting with '.'), and appears under its real name only
 * when complete, through a hard link, which fails instead of replacing a volume that was
 * created meanwhile. A failure removes the temporary file, so no half-made volume is left.
 */
public final class Staging implements AutoCloseable {

    /** Prefix of temporary volume files. */
    public static final String PREFIX = ".jvirt-new-";

    private final VolumeDir dir;
    private final String name;
    private final Path target;
    private final Path temp;
    private boolean done;

    private Staging(VolumeDir dir, String name, Path target) {
        this.dir = dir;
        this.name = name;
        this.target = target;
        this.temp = dir.dir().resolve(PREFIX + UUID.randomUUID());
    }

    /**
     * Starts a new volume, refusing a name that is taken.
     *
     * @param dir the pool directory
     * @param name the new volume's name
     * @return the staging area; close it in every case
     * @throws StorageException INVALID_NAME or EXISTS
     */
    public static Staging begin(VolumeDir dir, String name) {
        Path target = dir.pathOf(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(dir, name);
        }
        return new Staging(dir, name, target);
    }

    private static StorageException exists(VolumeDir dir, String name) {
        return new StorageException(Kind.EXISTS, dir.pool(), name, "Pool '" + dir.pool()
                + "' already has a volume named '" + name + "'; choose another name or delete that volume first.");
    }

    /** Returns the temporary file to write. */
    public Path temp() {
        return temp;
    }

    /** Returns the path the volume will have. */
    public Path target() {
        return target;
    }

    /**
     * Applies the permissions and publishes the volume under its name.
     *
     * @param perms the permissions to apply (mode 0600 when none is given)
     */
    public void publish(Permissions perms) {
        try {
            HostFiles.apply(temp, perms, HostFiles.DEFAULT_VOLUME_MODE);
            Files.createLink(target, temp);
            Files.delete(temp);
            done = true;
        } catch (FileAlreadyExistsException e) {
            throw exists(dir, name);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "The new volume '" + name + "' of pool '"
                    + dir.pool() + "' cannot be put in place: " + HostFiles.describe(e) + ".", e);
        }
    }

    /** Removes the temporary file unless the volume was published. */
    @Override
    public void close() {
        if (!done) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary name is hidden; a later build of the pool directory may remove it
            }
        }
    }
}
