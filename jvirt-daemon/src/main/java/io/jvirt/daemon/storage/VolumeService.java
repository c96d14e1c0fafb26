package io.jvirt.daemon.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.storage.CloneMode;
import io.jvirt.storage.ResizeFlag;
import io.jvirt.storage.SparseSink;
import io.jvirt.storage.SparseSource;
import io.jvirt.storage.StoragePool;
import io.jvirt.storage.TransferProgress;
import io.jvirt.storage.VolumeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The storage driver of jvirtd, volume side: every {@code vol-*} operation on a running pool,
 * with the pool's lock held for reading and the volume's own lock held, so operations on one
 * volume run one at a time and never while its pool starts or stops. Operations that change
 * a volume's file (delete, wipe, upload, resize) also hold its image exclusively in
 * {@link DiskLocks} while they run: they are refused while a domain uses the volume (naming
 * the domain), and a domain cannot start on a volume while they run.
 */
public final class VolumeService {
    private static final Logger LOG = Logger.getLogger(VolumeService.class.getName());

    private final StorageService pools;
    private final DiskLocks locks;
    private volatile Predicate<String> pausedDomain = d -> false;

    public VolumeService(StorageService pools) {
        this.pools = pools;
        this.locks = pools.locks();
    }

    /** A volume and the pool it was found in. */
    public record Found(String pool, VolumeInfo volume) {
    }

    // ---- queries ---------------------------------------------------------------

    /** vol-list: the pool's volumes, read afresh (a refresh). */
    public List<VolumeInfo> list(String pool) {
        return pools.withActivePool(pool, p -> StorageService.guard(p::refresh).volumes());
    }

    /** vol-info. */
    public VolumeInfo info(String pool, String volume) {
        return pools.withActivePool(pool, p -> StorageService.guard(() -> p.volume(volume)));
    }

    /** vol-dumpxml. */
    public String xml(String pool, String volume) {
        return VolumeXml.format(info(pool, volume).toDef());
    }

    /** A volume of a running pool, if the pool and the volume exist. */
    public Optional<VolumeInfo> find(String pool, String volume) {
        try {
            return Optional.of(info(pool, volume));
        } catch (DaemonException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Finds a volume of any running pool by its key or path, as virsh does for a volume given without --pool. */
    public Found byKey(String key) {
        return findByKey(key).orElseThrow(() -> new DaemonException(ErrorCode.NOT_FOUND, "No storage volume has the "
                + "key or path '" + key + "'; name its pool with --pool, or see 'jvirt vol-list POOL'."));
    }

    /** The volume of a running pool whose key or path is {@code key}, if one holds it. */
    public Optional<Found> findByKey(String key) {
        if (key.startsWith("/")) {
            for (PoolObj o : pools.list(false)) {
                StoragePool p = o.active();
                if (p == null) {
                    continue;
                }
                Optional<VolumeInfo> v;
                try {
                    v = p.lookup(key);
                } catch (io.jvirt.storage.StorageException e) {
                    continue;
                }
                if (v.isPresent()) {
                    return Optional.of(new Found(o.name(), v.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The leases on an image file (any file, in a pool or not), by device and inode.
     *
     * @param image the file
     * @return the leases, sorted by holder
     */
    public List<DiskLocks.Lease> holders(Path image) {
        return locks.leases(image);
    }

    /** The domains using a volume's file now. */
    public List<String> usedBy(VolumeInfo v) {
        return locks.domainsUsing(v.path());
    }

    // ---- creation --------------------------------------------------------------

    /** vol-create: an empty volume from XML. */
    public VolumeInfo create(String pool, String xml, boolean preallocate) {
        VolumeDef def = parse(xml);
        return onVolume(pool, def.name(), p -> StorageService.guard(() -> p.createVolume(def, preallocate)));
    }

    /** vol-create-as. */
    public VolumeInfo createAs(String pool, VolumeCreateRequest r) {
        if (r.name() == null) {
            throw new IllegalArgumentException("vol-create-as needs a volume name.");
        }
        VolumeFormat format = format(r.format());
        return onVolume(pool, r.name(), p -> StorageService.guard(() -> p.createVolume(r.name(), format,
                r.capacity(), r.allocation(), r.backing(), r.preallocate())));
    }

    /**
     * Tells which domains are paused: a volume that only paused domains use may be copied from
     * (jvirt clone of a paused original), read without its lock as {@code qemu-img convert -U} does.
     */
    public void setPausedDomains(Predicate<String> paused) {
        this.pausedDomain = paused;
    }

    /** Whether the image is held, and only by domains that are paused. */
    private boolean onlyPausedHolders(Path image) {
        List<DiskLocks.Lease> leases = locks.leases(image);
        if (leases.isEmpty()) {
            return false;
        }
        for (DiskLocks.Lease l : leases) {
            boolean paused = switch (l.holder()) {
                case DiskLocks.DomainHolder d -> pausedDomain.test(d.domain());
                case DiskLocks.JobHolder j -> false;
            };
            if (!paused) {
                return false;
            }
        }
        return true;
    }

    /** vol-create-from: a volume from XML with another volume's contents (any running pool). */
    public VolumeInfo createFrom(String pool, String xml, String sourcePool, String sourceVolume, CloneMode mode,
                                 TransferProgress progress) {
        VolumeDef def = parse(xml);
        if (sourcePool.equals(pool)) {
            return onVolume(pool, def.name(), p -> StorageService.guard(() -> p.createFrom(def, p, sourceVolume, mode,
                    progress, onlyPausedHolders(p.volumePath(sourceVolume)))));
        }
        // two pools: their locks by name, so two opposite copies cannot wait for each other
        boolean sourceFirst = sourcePool.compareTo(pool) < 0;
        String first = sourceFirst ? sourcePool : pool;
        String second = sourceFirst ? pool : sourcePool;
        return pools.withActivePool(first, a -> pools.withActivePool(second, b -> {
            StoragePool target = sourceFirst ? b : a;
            StoragePool source = sourceFirst ? a : b;
            return onVolume(pools.lookup(pool), target, def.name(),
                    () -> StorageService.guard(() -> target.createFrom(def, source, sourceVolume, mode, progress,
                            onlyPausedHolders(source.volumePath(sourceVolume)))));
        }));
    }

    /** vol-clone: a copy in the same pool (full, reflink, or a thin overlay). */
    public VolumeInfo clone(String pool, String source, String newName, CloneMode mode, TransferProgress progress) {
        return onVolume(pool, newName, p -> StorageService.guard(() -> p.cloneVolume(source, newName, mode, progress)));
    }

    // ---- changes ---------------------------------------------------------------

    /** vol-delete; refused while a domain uses the volume. */
    public void delete(String pool, String volume) {
        onVolume(pool, volume, p -> exclusive("vol-delete", pool, p, volume, () -> {
            StorageService.guard(() -> p.deleteVolume(volume));
            LOG.info("volume " + volume + " of storage pool " + pool + " deleted");
            return null;
        }));
    }

    /** vol-wipe with the zero algorithm; refused while a domain uses the volume. */
    public VolumeInfo wipe(String pool, String volume, String algorithm, TransferProgress progress) {
        if (algorithm != null && !algorithm.equals("zero")) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "The wipe algorithm '" + algorithm
                    + "' is not supported; jvirt wipes with zeroes only (--algorithm zero).");
        }
        return onVolume(pool, volume, p -> exclusive("vol-wipe", pool, p, volume,
                () -> StorageService.guard(() -> p.wipeVolume(volume, progress))));
    }

    /**
     * vol-resize; refused while a domain uses the volume.
     *
     * @param capacity the new capacity in bytes, or with {@code delta} the change (subtracted with SHRINK)
     */
    public VolumeInfo resize(String pool, String volume, long capacity, boolean delta, Set<ResizeFlag> flags) {
        if (capacity < 0) {
            throw new IllegalArgumentException("vol-resize needs a capacity of 0 bytes or more.");
        }
        return onVolume(pool, volume, p -> exclusive("vol-resize", pool, p, volume, () -> {
            long target = capacity;
            if (delta) {
                long now = StorageService.guard(() -> p.volume(volume)).capacity();
                target = flags.contains(ResizeFlag.SHRINK) ? now - capacity : now + capacity;
                if (target < 0) {
                    throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Volume '" + volume + "' of pool '" + pool
                            + "' has " + now + " bytes; it cannot shrink by " + capacity + ".");
                }
            }
            long newCapacity = target;
            return StorageService.guard(() -> p.resizeVolume(volume, newCapacity, flags));
        }));
    }

    /** vol-upload of framed runs; refused while a domain uses the volume. */
    public long upload(String pool, String volume, SparseSource source, long offset, long length,
                       TransferProgress progress) {
        return onVolume(pool, volume, p -> exclusive("vol-upload", pool, p, volume, () -> {
            long t0 = System.nanoTime();
            long n = StorageService.guard(() -> p.upload(volume, source, offset, length, progress));
            LOG.info("volume " + volume + " of storage pool " + pool + ": " + n + " bytes uploaded in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return n;
        }));
    }

    /** vol-download; holes are reported to the sink, not read. */
    public long download(String pool, String volume, SparseSink sink, long offset, long length,
                         TransferProgress progress) {
        return onVolume(pool, volume, p -> {
            long t0 = System.nanoTime();
            long n = StorageService.guard(() -> p.download(volume, sink, offset, length, progress));
            LOG.info("volume " + volume + " of storage pool " + pool + ": " + n + " bytes downloaded in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return n;
        });
    }

    /** The number of bytes a download from {@code offset} covers. */
    public long downloadLength(String pool, String volume, long offset, long length) {
        long size = info(pool, volume).physical();
        long end = length <= 0 ? size : Math.min(size, offset + length);
        return Math.max(0, end - offset);
    }

    // ---- helpers ---------------------------------------------------------------

    private <T> T onVolume(String pool, String volume, Function<StoragePool, T> job) {
        PoolObj o = pools.lookup(pool);
        return pools.withActivePool(pool, p -> onVolume(o, p, volume, () -> job.apply(p)));
    }

    private static <T> T onVolume(PoolObj o, StoragePool p, String volume, java.util.function.Supplier<T> job) {
        Lock l = o.volumeLock(volume);
        l.lock();
        try {
            return job.get();
        } finally {
            l.unlock();
        }
    }

    /** Runs a change of a volume's file with the image held exclusively; refused while anyone uses it. */
    private <T> T exclusive(String verb, String pool, StoragePool p, String volume,
                            java.util.function.Supplier<T> work) {
        Path path = StorageService.guard(() -> p.volumePath(volume));
        DiskLocks.JobHolder me = new DiskLocks.JobHolder(verb, pool, volume);
        DiskLocks.Conflict c = locks.tryAcquire(me, List.of(new DiskLocks.Request(path, DiskLocks.Mode.WRITE, null,
                false)));
        if (c != null) {
            throw new DaemonException(ErrorCode.IN_USE, inUse(verb, pool, volume, c.held()));
        }
        try {
            return work.get();
        } finally {
            locks.release(me);
        }
    }

    static String inUse(String verb, String pool, String volume, DiskLocks.Lease held) {
        String action = switch (verb) {
            case "vol-delete" -> "deleting it";
            case "vol-wipe" -> "wiping it";
            case "vol-upload" -> "uploading into it";
            case "vol-resize" -> "resizing it";
            default -> "changing it";
        };
        String vol = "Volume '" + volume + "' of pool '" + pool + "'";
        DiskLocks.Request r = held.request();
        return switch (held.holder()) {
            case DiskLocks.DomainHolder d -> r.backing()
                    ? vol + " is in use by domain '" + d.domain() + "' as a backing image of its disk " + r.disk()
                            + "; stop the domain before " + action + "."
                    : vol + " is in use by domain '" + d.domain() + "' (its disk " + r.disk() + "); stop the domain "
                            + "before " + action + ".";
            case DiskLocks.JobHolder j -> vol + " is busy: " + DiskLocks.describe(j) + " holds it; try again when it "
                    + "has finished.";
        };
    }

    private static VolumeDef parse(String xml) {
        try {
            return VolumeXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }

    private static VolumeFormat format(String name) {
        if (name == null || name.isEmpty()) {
            return VolumeFormat.RAW;
        }
        for (VolumeFormat f : VolumeFormat.values()) {
            if (f.xml().equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("The volume format '" + name + "' is not known; use raw or qcow2.");
    }
}
