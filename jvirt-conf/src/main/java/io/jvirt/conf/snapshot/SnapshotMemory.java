package io.jvirt.conf.snapshot;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The {@code <memory>} element: where the VM state goes.
 *
 * @param snapshot where: no, internal or external (never manual)
 * @param file the file of an external memory snapshot (an absolute path), else null
 */
public record SnapshotMemory(SnapshotLocation snapshot, String file) {

    /** No memory state. */
    public static final SnapshotMemory NONE = new SnapshotMemory(SnapshotLocation.NO, null);
    /** The memory state inside the snapshot. */
    public static final SnapshotMemory INTERNAL = new SnapshotMemory(SnapshotLocation.INTERNAL, null);

    /** Checks libvirt's rules. */
    public SnapshotMemory {
        if (snapshot == null) {
            throw new ConfException(Kind.MISSING_VALUE, "The <memory> element needs snapshot='no|internal|external' "
                    + "or a file.");
        }
        if (snapshot == SnapshotLocation.MANUAL) {
            throw new ConfException(Kind.INVALID_VALUE, "The memory cannot be snapshotted 'manual'ly; use no, "
                    + "internal or external.");
        }
        if (file != null && snapshot != SnapshotLocation.EXTERNAL) {
            throw new ConfException(Kind.CONFLICT, "The memory file '" + file + "' needs snapshot='external' (it is '"
                    + snapshot.xml() + "').");
        }
        if (file == null && snapshot == SnapshotLocation.EXTERNAL) {
            throw new ConfException(Kind.MISSING_VALUE, "An external memory snapshot needs a file: <memory "
                    + "snapshot='external' file='/path/to/file'/>.");
        }
        if (file != null && !file.startsWith("/")) {
            throw new ConfException(Kind.INVALID_VALUE, "The memory snapshot file '" + file
                    + "' must be an absolute path.");
        }
    }
}
