package io.jvirt.storage.internal;

import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/** Free-space checks made before anything is written. */
public final class Space {

    private Space() {
    }

    /**
     * Returns the space an unprivileged user can still allocate in the pool.
     *
     * @param dir the pool directory
     * @return bytes
     */
    public static long available(VolumeDir dir) {
        try {
            return Files.getFileStore(dir.dir()).getUsableSpace();
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), null, "The free space of pool '" + dir.pool()
                    + "' cannot be read: " + HostFiles.describe(e) + ".", e);
        }
    }

    /**
     * Refuses an operation that needs more space than the pool has.
     *
     * @param dir the pool directory
     * @param volume the volume being written
     * @param bytes the space needed
     * @param what what needs it, for example "Creating volume 'a'"
     * @throws StorageException NO_SPACE
     */
    public static void require(VolumeDir dir, String volume, long bytes, String what) {
        if (bytes <= 0) {
            return;
        }
        long free = available(dir);
        if (bytes > free) {
            throw new StorageException(Kind.NO_SPACE, dir.pool(), volume, what + " needs " + human(bytes)
                    + ", but pool '" + dir.pool() + "' has only " + human(free) + " available; nothing was written.");
        }
    }

    /**
     * Formats a byte count for messages: exact bytes plus a binary-unit figure.
     *
     * @param bytes the count
     * @return for example "10737418240 bytes (10.0 GiB)"
     */
    public static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u < 0 ? bytes + " bytes" : bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", v) + " " + units[u] + ")";
    }
}
