package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The {@code <target>} of a volume.
 *
 * @param path the volume's absolute path, or null (the pool decides it from the name)
 * @param format the image format, or null for raw
 * @param permissions the file's permissions, never null
 * @param timestamps the reported times (output only), or null
 * @param compat the qcow2 compatibility level "0.10" or "1.1", or null
 * @param clusterSize the qcow2 cluster size in bytes, or null for the default
 * @param lazyRefcounts whether the qcow2 feature lazy_refcounts is on
 */
public record VolumeTarget(String path, VolumeFormat format, Permissions permissions, Timestamps timestamps,
                           String compat, Long clusterSize, boolean lazyRefcounts) {

    /** No target details. */
    public static final VolumeTarget NONE = new VolumeTarget(null, null, null, null, null, null, false);

    /** Validates the combination and fills in compat 1.1 when features are given, as libvirt does. */
    public VolumeTarget {
        path = StorageChecks.absolutePath(path, "The volume target path");
        permissions = permissions == null ? Permissions.NONE : permissions;
        boolean qcow2 = format == VolumeFormat.QCOW2;
        if (!qcow2 && (compat != null || clusterSize != null || lazyRefcounts)) {
            throw new ConfException(Kind.CONFLICT, "<compat>, <clusterSize> and <features> apply only to qcow2 "
                    + "volumes; set <format type='qcow2'/> or remove them.");
        }
        if (lazyRefcounts && compat == null) {
            compat = "1.1";
        }
        if (compat != null && !compat.equals("0.10") && !compat.equals("1.1")) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The qcow2 compat level '" + StorageChecks.printable(compat) + "' is not valid; use 0.10 or 1.1.");
        }
        if (lazyRefcounts && compat.equals("0.10")) {
            throw new ConfException(Kind.CONFLICT, "The qcow2 feature lazy_refcounts needs compat 1.1, not 0.10.");
        }
        if (clusterSize != null && (clusterSize < 512 || clusterSize > (2 << 20) || Long.bitCount(clusterSize) != 1)) {
            throw new ConfException(Kind.INVALID_VALUE, "The qcow2 cluster size " + clusterSize
                    + " is not valid; it must be a power of two from 512 bytes to 2 MiB.");
        }
    }

    /** Returns the format, raw when none is given. */
    public VolumeFormat effectiveFormat() {
        return format == null ? VolumeFormat.RAW : format;
    }

    /** Returns whether nothing is given. */
    public boolean isEmpty() {
        return path == null && format == null && permissions.isEmpty() && timestamps == null && compat == null
                && clusterSize == null && !lazyRefcounts;
    }
}
