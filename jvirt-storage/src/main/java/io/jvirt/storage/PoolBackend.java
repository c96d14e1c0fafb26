package io.jvirt.storage;

import io.jvirt.conf.storage.PoolDef;
import java.nio.file.Path;

/**
 * How a pool's space is provided and brought up: the per-type part of a pool. Volumes of
 * dir and fs pools are files in {@link #directory()}, which {@link StoragePool} manages the
 * same way for both; a backend only makes that directory usable (build, start) and takes it
 * away (stop, delete).
 *
 * <p>Backends are a sealed family, so a new pool type (logical volumes, NFS) fails to compile
 * until every switch over backends handles it. A backend that cannot do an operation throws
 * {@link StorageException.Kind#UNSUPPORTED} from it, never does half of it. A netfs backend
 * would look like {@link FsPoolBackend} with another mount source; a logical backend would
 * also bring its own volume operations (logical volumes are not files), which is why volume
 * operations are reached through {@link #fileVolumes()}.
 */
public sealed interface PoolBackend permits DirPoolBackend, FsPoolBackend {

    /**
     * Returns the backend for a definition.
     *
     * @param def the pool definition
     * @return its backend
     */
    static PoolBackend of(PoolDef def) {
        return switch (def.type()) {
            case DIR -> new DirPoolBackend(def);
            case FS -> new FsPoolBackend(def);
        };
    }

    /** Returns the pool definition. */
    PoolDef def();

    /** Returns the directory the pool's volumes are files in (the target path). */
    default Path directory() {
        return Path.of(def().target().path());
    }

    /** Returns whether the pool's volumes are files in {@link #directory()}. */
    boolean fileVolumes();

    /**
     * Prepares what {@link #start()} needs: dir creates the target directory with its
     * permissions; fs also makes the file system on the device.
     *
     * @param overwrite whether to replace a file system the device already holds
     * @throws StorageException DEVICE_IN_USE when the device holds data and overwrite is false,
     *     or is mounted; COMMAND_FAILED when mkfs fails
     */
    void build(boolean overwrite);

    /**
     * Makes the volumes usable: dir checks the directory; fs mounts the device on it.
     *
     * @throws StorageException NOT_FOUND, POOL_ACTIVE, DEVICE_IN_USE or COMMAND_FAILED
     */
    void start();

    /** Stops the pool: fs unmounts the device; dir has nothing to do. Stopping a stopped pool does nothing. */
    void stop();

    /**
     * Removes the pool's directory, which must be empty. The pool must be stopped first when
     * stopping means anything (fs); the device's file system is left as it is.
     *
     * @throws StorageException POOL_ACTIVE or POOL_NOT_EMPTY
     */
    void delete();

    /** Returns whether the pool's volumes can be used now. */
    boolean isActive();
}
