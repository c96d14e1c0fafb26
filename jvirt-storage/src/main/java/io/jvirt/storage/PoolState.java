package io.jvirt.storage;

/** Whether a pool's volumes can be used. */
public enum PoolState {
    /** Not running: an fs pool is not mounted, a dir pool's directory is missing. */
    INACTIVE,
    /** Running: volumes can be listed, created and used. */
    RUNNING
}
