package io.jvirt.conf.storage;

/**
 * The {@code <target>} of a pool: the directory its volumes live in.
 *
 * @param path the absolute directory path, stored without repeated or trailing slashes
 * @param permissions the directory's permissions, never null
 */
public record PoolTarget(String path, Permissions permissions) {

    /** Validates the path. */
    public PoolTarget {
        path = StorageChecks.absolutePath(StorageChecks.required(path, "The pool target <path>"), "The pool target path");
        if (path.equals("/")) {
            throw new io.jvirt.conf.ConfException(io.jvirt.conf.ConfException.Kind.INVALID_VALUE,
                    "The pool target path must not be the root directory '/'.");
        }
        permissions = permissions == null ? Permissions.NONE : permissions;
    }
}
