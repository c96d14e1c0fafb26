package io.jvirt.storage;

/** How {@link StoragePool#createFrom} and {@link StoragePool#cloneVolume} copy a volume. */
public enum CloneMode {
    /**
     * A full, independent copy of the data, sparse-aware (holes and zero runs stay holes),
     * converted by the image engine when the new format differs. A qcow2 volume with a
     * backing file is copied layer for layer: the copy keeps the same backing file.
     */
    FULL,
    /**
     * An instant copy-on-write copy that shares all blocks with the source (ioctl FICLONE),
     * for file systems that support it (btrfs; xfs made with reflink=1). Same format only.
     */
    REFLINK,
    /** A thin qcow2 overlay whose backing file is the source volume. */
    OVERLAY
}
