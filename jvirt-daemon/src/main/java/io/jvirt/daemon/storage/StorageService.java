package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.PoolEvent;
import io.jvirt.daemon.Topic;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.conf.storage.PoolXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.storage.PoolRefresh;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StoragePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The storage driver of jvirtd, pool side: defines, builds, starts and stops pools, keeps
 * their definitions persistent, finds running pools again after a restart, and defines the
 * {@code default} pool on first start. Volumes are {@link VolumeService}'s.
 *
 * <p>Locking: {@link #jobs} serializes changes of the registry (define, create, undefine) and
 * is held only briefly; a pool's lifecycle (build, start, destroy, delete) holds that pool's
 * lock for writing, volume operations hold it for reading. Lock order: a pool's lock before
 * {@link #jobs}; two pools' locks by name. Queries take no lock.
 */
public final class StorageService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StorageService.class.getName());
    private static final Pattern HAS_UUID = Pattern.compile("<uuid[\\s>]");

    private final PoolRegistry registry = new PoolRegistry();
    private final Topic<PoolEvent> events = new Topic<>();
    private final ReentrantLock jobs = new ReentrantLock();
    private final DefinitionStore defs;
    private final PoolRuntimeStore runtime;
    private final DiskLocks locks;
    private final Path imagesDir;
    /** Present once the default pool was offered, so that undefining it is final. */
    private final Path seeded;

    /**
     * @param stateDir the daemon's state directory ({@code pools/}, {@code pools-run/})
     * @param imagesDir the directory of the {@code default} pool
     * @param locks the disk image lock table shared with the domain side
     */
    public StorageService(Path stateDir, Path imagesDir, DiskLocks locks) throws IOException {
        this.defs = DefinitionStore.of(stateDir, "pools");
        this.runtime = new PoolRuntimeStore(stateDir);
        this.locks = locks;
        this.imagesDir = imagesDir;
        this.seeded = stateDir.resolve("pools").resolve(".default-defined");
    }

    /** The lock table of disk images. */
    public DiskLocks locks() {
        return locks;
    }

    /**
     * Loads definitions, defines (builds, starts, marks autostart) the {@code default} pool on
     * first start, and finds the pools that still run.
     */
    public void load() throws IOException {
        Map<String, String> stored = defs.loadAll();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            try {
                PoolDef def = PoolXml.parse(e.getValue());
                PoolObj obj = registry.register(def.name(), def.uuid());
                obj.setPersistentDef(def);
                obj.setAutostart(defs.autostart(def.name()));
            } catch (ConfException bad) {
                LOG.warning("ignoring " + defs.fileOf(e.getKey()) + ": " + bad.getMessage());
            }
        }
        for (PoolRuntimeStore.Found f : runtime.loadAll()) {
            reattach(f);
        }
        if (stored.isEmpty() && !Files.exists(seeded)) {
            seedDefault();
        }
    }

    private void seedDefault() throws IOException {
        PoolDef def = new PoolDef(io.jvirt.conf.storage.PoolType.DIR, "default", UUID.randomUUID(), null, null, null,
                null, new io.jvirt.conf.storage.PoolTarget(imagesDir.toAbsolutePath().normalize().toString(), null));
        String xml = PoolXml.format(def, Secrets.INCLUDE);
        try {
            define(xml);
            setAutostart("default", true);
            start("default", true, false);
            LOG.info("defined and started the default storage pool in " + imagesDir);
        } catch (DaemonException e) {
            LOG.warning("the default storage pool in " + imagesDir + " could not be set up: " + e.getMessage());
        }
        PrivateFiles.createFile(seeded);
    }

    private void reattach(PoolRuntimeStore.Found f) {
        PoolDef live;
        try {
            live = f.liveXml() == null ? null : PoolXml.parse(f.liveXml());
        } catch (ConfException bad) {
            live = null;
        }
        if (live == null) {
            LOG.warning("removing the unreadable run directory " + f.dir() + " of a storage pool");
            clear(f.uuid());
            return;
        }
        StoragePool pool = new StoragePool(live);
        boolean running;
        try {
            running = pool.isActive();
        } catch (StorageException e) {
            running = false;
        }
        if (!running) {
            LOG.warning("storage pool " + live.name() + " stopped while the daemon was away (" + live.target().path()
                    + " is gone or not mounted); start it again with 'jvirt pool-start " + live.name() + "'");
            clear(f.uuid());
            return;
        }
        PoolObj obj = registry.byUuid(live.uuid());
        if (obj == null) {
            obj = registry.register(live.name(), live.uuid());
        }
        obj.setActive(pool);
    }

    /** Starts the pools marked autostart that are not active. */
    public void autostart() {
        for (PoolObj p : list(true)) {
            if (p.autostart() && p.active() == null) {
                try {
                    start(p.name(), false, false);
                } catch (DaemonException e) {
                    LOG.warning("autostart of storage pool " + p.name() + " failed: " + e.getMessage());
                }
            }
        }
    }

    // ---- queries --------------------------------------------------------------

    /** All pools, or only the active ones, by name. */
    public List<PoolObj> list(boolean all) {
        return registry.list(all);
    }

    /** Finds a pool by name or UUID. */
    public PoolObj lookup(String ref) {
        return registry.lookup(ref);
    }

    /** The pool of this name, or null. */
    PoolObj byNameOrNull(String name) {
        return registry.byName(name);
    }

    /** The XML: with live sizes while active, unless {@code inactive}; secrets only when asked for. */
    public String xml(String ref, boolean inactive, Secrets secrets) {
        PoolObj p = lookup(ref);
        StoragePool a = p.active();
        if (inactive && p.persistentDef() != null || a == null) {
            return PoolXml.format(p.currentDef(), secrets);
        }
        return PoolXml.format(guard(a::liveDef), secrets);
    }

    /** State and space of a pool (zeroes while inactive). */
    public io.jvirt.storage.PoolInfo info(PoolObj p) {
        StoragePool a = p.active();
        if (a == null) {
            return new io.jvirt.storage.PoolInfo(io.jvirt.storage.PoolState.INACTIVE, 0, 0, 0);
        }
        try {
            return a.info();
        } catch (StorageException e) {
            LOG.warning("cannot read the space of storage pool " + p.name() + ": " + e.getMessage());
            return new io.jvirt.storage.PoolInfo(io.jvirt.storage.PoolState.RUNNING, 0, 0, 0);
        }
    }

    public int count() {
        return registry.size();
    }

    // ---- changes --------------------------------------------------------------

    private static PoolDef parse(String xml) {
        try {
            return PoolXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    /** Runs library code, turning its failures into API errors. */
    static <T> T guard(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    static void guard(Runnable work) {
        guard(() -> {
            work.run();
            return null;
        });
    }

    /** Defines (or redefines) a persistent pool. */
    public PoolObj define(String xml) {
        PoolDef parsed = parse(xml);
        jobs.lock();
        try {
            PoolDef def = registry.checkUnique(parsed, !HAS_UUID.matcher(xml).find());
            PoolObj obj = registry.byName(def.name());
            boolean created = obj == null;
            if (created) {
                obj = registry.register(def.name(), def.uuid());
            }
            try {
                defs.save(def.name(), PoolXml.format(def, Secrets.INCLUDE));
            } catch (IOException e) {
                if (created) {
                    registry.remove(obj);
                }
                throw new DaemonException(ErrorCode.INTERNAL, "Cannot save the definition of storage pool '"
                        + def.name() + "': " + e.getMessage() + ".", e);
            }
            obj.setPersistentDef(def);
            publish(obj, "defined");
            return obj;
        } finally {
            jobs.unlock();
        }
    }

    /** Pool lifecycle events: defined, undefined, started, stopped, created (built), deleted. */
    public Topic<PoolEvent> events() {
        return events;
    }

    private void publish(PoolObj p, String event) {
        events.publish(new PoolEvent(p.name(), p.uuid().toString(), event, System.currentTimeMillis()));
    }

    /** Creates and starts a transient pool, building it first when asked. */
    public PoolObj create(String xml, boolean build, boolean overwrite) {
        PoolDef parsed = parse(xml);
        jobs.lock();
        try {
            PoolDef def = registry.checkUnique(parsed, false);
            if (registry.byName(def.name()) != null) {
                throw new DaemonException(ErrorCode.ALREADY_EXISTS, "Storage pool '" + def.name() + "' already exists.");
            }
            PoolObj obj = new PoolObj(def.name(), def.uuid());
            obj.lock.writeLock().lock();
            try {
                registry.add(obj);
                doStart(obj, def, build, overwrite);
            } catch (RuntimeException e) {
                registry.remove(obj);
                throw e;
            } finally {
                obj.lock.writeLock().unlock();
            }
            return obj;
        } finally {
            jobs.unlock();
        }
    }

    /** pool-build: prepares an inactive pool's directory (fs: also the file system). */
    public PoolObj build(String ref, boolean overwrite) {
        return lifecycle(ref, p -> {
            if (p.active() != null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name()
                        + "' is active; stop it with 'jvirt pool-destroy " + p.name() + "' before building it.");
            }
            guard(() -> new StoragePool(p.persistentDef()).build(overwrite));
            publish(p, "created");
            LOG.info("storage pool " + p.name() + " built");
        });
    }

    /** pool-start, optionally building the pool first. */
    public PoolObj start(String ref, boolean build, boolean overwrite) {
        return lifecycle(ref, p -> {
            if (p.active() != null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name() + "' is already active.");
            }
            doStart(p, p.persistentDef(), build, overwrite);
        });
    }

    private void doStart(PoolObj p, PoolDef def, boolean build, boolean overwrite) {
        long t0 = System.nanoTime();
        StoragePool pool = new StoragePool(def);
        if (build) {
            guard(() -> pool.build(overwrite));
            publish(p, "created");
        }
        guard(pool::start);
        try {
            runtime.save(p.uuid(), PoolXml.format(def, Secrets.INCLUDE));
        } catch (IOException e) {
            guard(pool::destroy);
            throw new DaemonException(ErrorCode.INTERNAL, "Cannot record the running storage pool '" + p.name()
                    + "': " + e.getMessage() + ".", e);
        }
        p.setActive(pool);
        publish(p, "started");
        LOG.info("storage pool " + p.name() + " started on " + def.target().path() + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** pool-destroy: stops a pool (fs: unmounts it); refused while a domain uses its volumes. */
    public PoolObj destroy(String ref) {
        return lifecycle(ref, p -> {
            StoragePool a = requireActive(p);
            List<DiskLocks.Lease> inUse = locks.leasesUnder(a.backend().directory());
            if (!inUse.isEmpty()) {
                DiskLocks.Lease l = inUse.getFirst();
                throw new DaemonException(ErrorCode.IN_USE, "Storage pool '" + p.name() + "' is in use: "
                        + DiskLocks.describe(l.holder()) + " uses " + l.request().image()
                        + "; stop it before stopping the pool.");
            }
            guard(a::destroy);
            p.setActive(null);
            clear(p.uuid());
            if (p.persistentDef() == null) {
                unregisterLocked(p);
            }
            publish(p, "stopped");
            LOG.info("storage pool " + p.name() + " destroyed");
        });
    }

    /** pool-delete: removes an inactive pool's (empty) directory. */
    public PoolObj delete(String ref) {
        return lifecycle(ref, p -> {
            if (p.active() != null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name()
                        + "' is active; stop it with 'jvirt pool-destroy " + p.name() + "' before deleting it.");
            }
            guard(() -> new StoragePool(p.persistentDef()).delete());
            publish(p, "deleted");
            LOG.info("storage pool " + p.name() + " deleted (" + p.persistentDef().target().path() + ")");
        });
    }

    /** Removes a pool's definition; an active pool stays until destroyed, then goes away. */
    public PoolObj undefine(String ref) {
        return lifecycle(ref, p -> {
            if (p.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name()
                        + "' is transient; it goes away when destroyed ('jvirt pool-destroy " + p.name() + "').");
            }
            jobs.lock();
            try {
                defs.delete(p.name());
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "Cannot remove the definition of storage pool '"
                        + p.name() + "': " + e.getMessage() + ".", e);
            } finally {
                jobs.unlock();
            }
            p.setPersistentDef(null);
            p.setAutostart(false);
            if (p.active() == null) {
                unregisterLocked(p);
            }
            publish(p, "undefined");
        });
    }

    public PoolObj setAutostart(String ref, boolean enabled) {
        return lifecycle(ref, p -> {
            if (p.persistentDef() == null) {
                throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name()
                        + "' is transient and cannot autostart; define it first.");
            }
            try {
                defs.setAutostart(p.name(), enabled);
            } catch (IOException e) {
                throw new DaemonException(ErrorCode.INTERNAL, "Cannot change autostart of storage pool '" + p.name()
                        + "': " + e.getMessage() + ".", e);
            }
            p.setAutostart(enabled);
        });
    }

    /** pool-refresh: reads every volume of the pool again. */
    public PoolRefresh refresh(String ref) {
        return withActivePool(ref, pool -> guard(pool::refresh));
    }

    // ---- helpers for volumes and disks ----------------------------------------

    /** The running pool, or an INVALID_STATE error telling how to start it. */
    static StoragePool requireActive(PoolObj p) {
        StoragePool a = p.active();
        if (a == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Storage pool '" + p.name()
                    + "' is not active; start it with 'jvirt pool-start " + p.name() + "'.");
        }
        return a;
    }

    /** Runs a job on an active pool with the pool's lock held for reading (volume operations). */
    <T> T withActivePool(String ref, java.util.function.Function<StoragePool, T> job) {
        PoolObj p = lookup(ref);
        Lock l = p.lock.readLock();
        l.lock();
        try {
            return job.apply(requireActive(p));
        } finally {
            l.unlock();
        }
    }

    private interface Lifecycle {
        void run(PoolObj p);
    }

    /** Runs a lifecycle job with the pool's lock held for writing; the pool must still be registered. */
    private PoolObj lifecycle(String ref, Lifecycle job) {
        PoolObj p = lookup(ref);
        p.lock.writeLock().lock();
        try {
            if (!registry.holds(p)) {
                throw new DaemonException(ErrorCode.NOT_FOUND, "Storage pool '" + ref + "' does not exist.");
            }
            job.run(p);
            return p;
        } finally {
            p.lock.writeLock().unlock();
        }
    }

    private void unregisterLocked(PoolObj p) {
        jobs.lock();
        try {
            registry.remove(p);
        } finally {
            jobs.unlock();
        }
    }

    private void clear(UUID uuid) {
        try {
            runtime.clear(uuid);
        } catch (IOException e) {
            LOG.warning("cannot remove the run directory of storage pool " + uuid + ": " + e.getMessage());
        }
    }

    /** Flushes the definition store; running pools are left as they are. */
    @Override
    public void close() {
        try {
            defs.close();
        } catch (IOException e) {
            LOG.warning("closing the storage pool definition store failed: " + e.getMessage());
        }
    }
}
