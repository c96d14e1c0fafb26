package io.jvirt.daemon.storage;

import io.jvirt.conf.storage.PoolDef;
import io.jvirt.storage.StoragePool;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One storage pool known to the daemon: its persistent definition (null when transient) and,
 * while it runs, the {@link StoragePool} built from the definition it was started with.
 * Fields are volatile snapshots, so queries never wait. Pool lifecycle jobs hold {@link #lock}
 * for writing; volume operations hold it for reading plus the lock of each volume they touch
 * ({@link #volumeLock}), so volumes of one pool are worked on in parallel but never while the
 * pool starts or stops.
 */
public final class PoolObj {
    private final String name;
    private final UUID uuid;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<String, ReentrantLock> volumeLocks = new ConcurrentHashMap<>();
    private volatile PoolDef persistentDef;
    private volatile StoragePool active;
    private volatile boolean autostart;
    /** The latest definition seen, so a pool just undefined or destroyed can still be described. */
    private volatile PoolDef lastDef;

    PoolObj(String name, UUID uuid) {
        this.name = name;
        this.uuid = uuid;
    }

    public String name() {
        return name;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The persistent definition, or null for a transient pool. */
    public PoolDef persistentDef() {
        return persistentDef;
    }

    /** The running pool, or null when inactive. */
    public StoragePool active() {
        return active;
    }

    /**
     * The definition the running pool was started with, else the persistent one, else (for a
     * pool that has just gone away) the last one it had.
     */
    public PoolDef currentDef() {
        StoragePool a = active;
        PoolDef p = persistentDef;
        return a != null ? a.def() : p != null ? p : lastDef;
    }

    public boolean autostart() {
        return autostart;
    }

    /** The lock serializing operations on one volume of this pool. */
    ReentrantLock volumeLock(String volume) {
        return volumeLocks.computeIfAbsent(volume, v -> new ReentrantLock());
    }

    void setPersistentDef(PoolDef def) {
        this.persistentDef = def;
        if (def != null) {
            this.lastDef = def;
        }
    }

    void setActive(StoragePool pool) {
        this.active = pool;
        if (pool != null) {
            this.lastDef = pool.def();
        }
    }

    void setAutostart(boolean on) {
        this.autostart = on;
    }
}
