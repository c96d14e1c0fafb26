package io.jvirt.conf.storage;

/**
 * The {@code <backingStore>} of a volume: the image its unallocated parts read from.
 *
 * @param path the backing image's absolute path
 * @param format the backing image's format, or null to detect it
 * @param permissions its permissions as reported (output only), never null
 */
public record BackingStore(String path, VolumeFormat format, Permissions permissions) {

    /** Validates the path. */
    public BackingStore {
        path = StorageChecks.absolutePath(StorageChecks.required(path, "The backing store <path>"),
                "The backing store path");
        permissions = permissions == null ? Permissions.NONE : permissions;
    }
}
