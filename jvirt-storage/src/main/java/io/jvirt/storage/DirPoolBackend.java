package io.jvirt.storage;

import io.jvirt.conf.storage.PoolDef;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.internal.HostFiles;
import java.nio.file.Files;

/** A pool that is a directory on a file system the host has mounted already. */
public final class DirPoolBackend implements PoolBackend {

    private final PoolDef def;

    DirPoolBackend(PoolDef def) {
        this.def = def;
    }

    @Override
    public PoolDef def() {
        return def;
    }

    @Override
    public boolean fileVolumes() {
        return true;
    }

    /** Creates the directory (and missing parents) and applies the target permissions; overwrite means nothing here. */
    @Override
    public void build(boolean overwrite) {
        HostFiles.makePoolDirectory(def);
    }

    @Override
    public void start() {
        if (!Files.isDirectory(directory())) {
            throw new StorageException(Kind.NOT_FOUND, def.name(), null, "The directory " + directory()
                    + " of pool '" + def.name() + "' does not exist; build the pool first.");
        }
    }

    @Override
    public void stop() {
        // a directory needs no stopping
    }

    @Override
    public void delete() {
        HostFiles.removePoolDirectory(def);
    }

    @Override
    public boolean isActive() {
        return Files.isDirectory(directory());
    }
}
