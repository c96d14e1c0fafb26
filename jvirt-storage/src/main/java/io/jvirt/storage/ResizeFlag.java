package io.jvirt.storage;

/** Options of {@link StoragePool#resizeVolume}. */
public enum ResizeFlag {
    /** Allow a smaller capacity; the data past it is lost. */
    SHRINK,
    /** Reserve the added space at once (fallocate); raw volumes only. */
    ALLOCATE
}
