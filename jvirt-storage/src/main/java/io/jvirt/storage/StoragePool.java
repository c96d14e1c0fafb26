package io.jvirt.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.BackingStore;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeTarget;
import io.jvirt.conf.storage.VolumeType;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.internal.HostFiles;
import io.jvirt.storage.internal.VolumeCreator;
import io.jvirt.storage.internal.VolumeDir;
import io.jvirt.storage.internal.VolumeEditor;
import io.jvirt.storage.internal.VolumeReader;
import io.jvirt.storage.internal.VolumeScanner;
import io.jvirt.storage.internal.VolumeStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * One storage pool on this host: its lifecycle (through its {@link PoolBackend}) and the
 * operations on its volumes, working directly on the file system, with no daemon.
 *
 * <p>Volumes are files directly inside the pool directory; their names pass
 * {@link VolumeDef#validateName} and are resolved only inside the pool's real directory, and
 * a symbolic link is never taken for a volume, so no name reaches outside the pool. New
 * volumes are written under a hidden temporary name and appear only when complete. Space
 * that an operation needs at once (a raw allocation, preallocation, a full copy, an upload
 * of known length) is checked against the pool's free space before anything is written.
 *
 * <p>Threads: every call reads the file system afresh, so the object may be shared; the
 * only state it keeps is the last refresh's header facts, reused for files whose size, mtime
 * and ctime have not changed (any write moves them). Operations on different volumes may run concurrently; the caller
 * serializes operations on one volume (and the pool's lifecycle against everything else).
 */
public final class StoragePool {

    private final PoolBackend backend;
    /** The last refresh's volumes by name: header facts of unchanged files are not read again. */
    private volatile java.util.Map<String, VolumeScanner.Seen> lastRefresh = java.util.Map.of();

    /**
     * Creates the runtime object of a pool.
     *
     * @param def the pool definition
     */
    public StoragePool(PoolDef def) {
        this(PoolBackend.of(def));
    }

    /**
     * Creates the runtime object of a pool with a given backend.
     *
     * @param backend the backend
     */
    public StoragePool(PoolBackend backend) {
        this.backend = backend;
    }

    /** Returns the pool definition. */
    public PoolDef def() {
        return backend.def();
    }

    /** Returns the pool's backend. */
    public PoolBackend backend() {
        return backend;
    }

    private String name() {
        return backend.def().name();
    }

    // ---- pool lifecycle ----

    /**
     * pool-build: prepares the pool's directory, and for fs pools the file system.
     *
     * @param overwrite whether an fs pool may replace a file system its device already holds
     */
    public void build(boolean overwrite) {
        backend.build(overwrite);
    }

    /** pool-start: makes the volumes usable (fs: mounts the device). */
    public void start() {
        backend.start();
    }

    /** pool-destroy: stops the pool (fs: unmounts the device); volumes stay as they are. */
    public void destroy() {
        backend.stop();
    }

    /** pool-delete: removes the (empty) pool directory; the pool must be stopped. */
    public void delete() {
        backend.delete();
    }

    /** Returns whether the pool's volumes can be used now. */
    public boolean isActive() {
        return backend.isActive();
    }

    /**
     * pool-info: state and space.
     *
     * @return the pool's state and the size, use and free space of its file system
     */
    public PoolInfo info() {
        if (!backend.isActive()) {
            return new PoolInfo(PoolState.INACTIVE, 0, 0, 0);
        }
        try {
            FileStore fs = Files.getFileStore(backend.directory());
            long total = fs.getTotalSpace();
            return new PoolInfo(PoolState.RUNNING, total, total - fs.getUnallocatedSpace(), fs.getUsableSpace());
        } catch (IOException e) {
            throw new StorageException(Kind.IO, name(), null, "The space of pool '" + name() + "' cannot be read: "
                    + HostFiles.describe(e) + ".", e);
        }
    }

    /**
     * pool-dumpxml with live sizes: the definition with capacity, allocation and available filled in.
     *
     * @return the definition as it stands now
     */
    public PoolDef liveDef() {
        PoolInfo i = info();
        return i.state() == PoolState.RUNNING ? def().withSizes(i.capacity(), i.allocation(), i.available()) : def();
    }

    /**
     * pool-refresh / vol-list: finds every volume in the pool and reads its format, capacity
     * and allocation through the image engine, in parallel. A file whose size, mtime and
     * ctime equal the previous refresh's is only stat'ed again.
     *
     * @return the volumes and the entries that are not volumes
     */
    public PoolRefresh refresh() {
        VolumeScanner.Result r = VolumeScanner.scan(dir(), lastRefresh);
        lastRefresh = r.seen();
        return r.refresh();
    }

    // ---- volume lookups ----

    /**
     * vol-info / vol-dumpxml: reads one volume.
     *
     * @param volume the volume name
     * @return its facts
     */
    public VolumeInfo volume(String volume) {
        VolumeDir d = dir();
        return VolumeReader.read(name(), d.existing(volume));
    }

    /**
     * vol-path: the volume's file.
     *
     * @param volume the volume name
     * @return the path
     */
    public Path volumePath(String volume) {
        return dir().existing(volume).path();
    }

    /**
     * vol-key: the volume's unique key; for files, their path.
     *
     * @param volume the volume name
     * @return the key
     */
    public String volumeKey(String volume) {
        return volumePath(volume).toString();
    }

    /**
     * Finds a volume of this pool by its path or key.
     *
     * @param pathOrKey an absolute path
     * @return the volume, or empty when the path is not a volume of this pool
     */
    public Optional<VolumeInfo> lookup(String pathOrKey) {
        VolumeDir d = dir();
        Path p = Path.of(pathOrKey);
        String n = d.nameOf(p);
        if (n == null) {
            try {
                n = d.nameOf(p.toRealPath());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (n == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(volume(n));
        } catch (StorageException e) {
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.INVALID_NAME) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- volume creation ----

    /**
     * vol-create: creates an empty volume from a definition.
     *
     * @param def the volume; its format decides raw or qcow2, its allocation what is reserved
     * @param preallocate libvirt's prealloc-metadata flag (qcow2 only)
     * @return the new volume
     */
    public VolumeInfo createVolume(VolumeDef def, boolean preallocate) {
        return VolumeCreator.create(dir(), def, preallocate);
    }

    /**
     * vol-create-as: creates an empty volume.
     *
     * @param volume the name
     * @param format raw or qcow2
     * @param capacity the capacity in bytes (0 with a backing volume: the backing volume's size)
     * @param allocation bytes to reserve (raw), or null for libvirt's default (all of it for raw)
     * @param backing a backing volume: the name of a volume in this pool, or an absolute path; or null
     * @param preallocate preallocate qcow2 metadata (everything when allocation is at least the capacity)
     * @return the new volume
     */
    public VolumeInfo createVolume(String volume, VolumeFormat format, long capacity, Long allocation, String backing,
                                   boolean preallocate) {
        dir().pathOf(volume);
        BackingStore bs = null;
        if (backing != null) {
            Path bp = backing.startsWith("/") ? Path.of(backing) : volumePath(backing);
            VolumeFormat bf = backing.startsWith("/") ? null : volume(backing).format();
            bs = new BackingStore(bp.toString(), bf, null);
        }
        BackingStore fbs = bs;
        VolumeDef def = def(() -> new VolumeDef(VolumeType.FILE, volume, null, capacity, allocation, null,
                new VolumeTarget(null, format, null, null, null, null, false), fbs));
        return createVolume(def, preallocate);
    }

    /**
     * vol-create-from: creates a volume from a definition, copying another volume's contents.
     *
     * @param def the new volume (its format defaults to the source's, qcow2 for an overlay;
     *     its capacity is raised to the source's when smaller)
     * @param sourcePool the pool of the source volume (may be this one)
     * @param sourceVolume the source volume's name
     * @param mode full copy, reflink, or overlay
     * @param progress progress receiver
     * @return the new volume
     */
    public VolumeInfo createFrom(VolumeDef def, StoragePool sourcePool, String sourceVolume, CloneMode mode,
                                 TransferProgress progress) {
        return createFrom(def, sourcePool, sourceVolume, mode, progress, false);
    }

    /**
     * vol-create-from of a source that only paused domains hold ({@code forceShare}): the source is
     * read without its image lock, as {@code qemu-img convert -U} reads it (jvirt clone of a paused
     * original; a paused QEMU has flushed its images and writes nothing until it resumes).
     *
     * @param def the new volume (name, capacity, format)
     * @param sourcePool the source's pool
     * @param sourceVolume the source volume
     * @param mode full copy, reflink, or overlay
     * @param progress progress receiver
     * @param forceShare whether the source is read without taking its lock
     * @return the new volume
     */
    public VolumeInfo createFrom(VolumeDef def, StoragePool sourcePool, String sourceVolume, CloneMode mode,
                                 TransferProgress progress, boolean forceShare) {
        Path src = sourcePool.volumePath(sourceVolume);
        return VolumeCreator.createFrom(dir(), def, src, mode, progress, forceShare);
    }

    /**
     * vol-clone: copies a volume of this pool under a new name, with the same format,
     * capacity and permissions.
     *
     * @param source the source volume
     * @param newName the new volume's name
     * @param mode full copy, reflink, or overlay
     * @param progress progress receiver
     * @return the new volume
     */
    public VolumeInfo cloneVolume(String source, String newName, CloneMode mode, TransferProgress progress) {
        VolumeInfo s = volume(source);
        dir().pathOf(newName);
        VolumeFormat fmt = mode == CloneMode.OVERLAY ? VolumeFormat.QCOW2 : s.format();
        VolumeTarget t = new VolumeTarget(null, fmt, s.permissions(), null,
                fmt == VolumeFormat.QCOW2 && mode != CloneMode.OVERLAY ? s.compat() : null,
                fmt == VolumeFormat.QCOW2 && mode != CloneMode.OVERLAY ? s.clusterSize() : null,
                fmt == VolumeFormat.QCOW2 && mode != CloneMode.OVERLAY && s.lazyRefcounts());
        VolumeDef def = def(() -> new VolumeDef(VolumeType.FILE, newName, null, s.capacity(), null, null, t, null));
        return VolumeCreator.createFrom(dir(), def, s.path(), mode, progress);
    }

    // ---- volume changes ----

    /**
     * vol-delete.
     *
     * @param volume the volume name
     */
    public void deleteVolume(String volume) {
        VolumeDir d = dir();
        VolumeEditor.delete(d, d.existing(volume));
    }

    /**
     * vol-wipe (algorithm zero): erases the volume's data, keeping format, capacity and backing file.
     *
     * @param volume the volume name
     * @param progress progress receiver
     * @return the volume afterwards
     */
    public VolumeInfo wipeVolume(String volume, TransferProgress progress) {
        VolumeDir d = dir();
        return VolumeEditor.wipe(d, d.existing(volume), progress);
    }

    /**
     * vol-resize: grows a volume, or shrinks it with {@link ResizeFlag#SHRINK}.
     *
     * @param volume the volume name
     * @param newCapacity the new capacity in bytes
     * @param flags SHRINK, ALLOCATE
     * @return the volume afterwards
     */
    public VolumeInfo resizeVolume(String volume, long newCapacity, Set<ResizeFlag> flags) {
        VolumeDir d = dir();
        return VolumeEditor.resize(d, d.existing(volume), newCapacity, flags);
    }

    // ---- streams ----

    /**
     * vol-upload: writes bytes into the volume's file, sparse-aware (zero blocks become
     * holes). From offset 0 without a length the whole file is replaced; the format is
     * whatever the bytes are (refresh reads it again).
     *
     * @param volume the volume name
     * @param in the bytes; not closed
     * @param offset where to start writing
     * @param length how many bytes to take, or -1 for the whole stream
     * @param progress progress receiver
     * @return the number of bytes taken
     */
    public long upload(String volume, InputStream in, long offset, long length, TransferProgress progress) {
        VolumeDir d = dir();
        return VolumeStreams.upload(d, d.existing(volume), in, offset, length, progress);
    }

    /**
     * vol-upload of runs of data and holes: holes are not written (skipped in the fresh part of
     * the file, punched out over old data), zero blocks inside data become holes too. The
     * offset and length rules are those of {@link #upload(String, InputStream, long, long,
     * TransferProgress)}.
     *
     * @param volume the volume name
     * @param source pushes the runs
     * @param offset where to start writing
     * @param length how many bytes the source sends, or -1 when unknown (from offset 0: replace the file)
     * @param progress progress receiver
     * @return the number of bytes taken (data and holes)
     */
    public long upload(String volume, SparseSource source, long offset, long length, TransferProgress progress) {
        VolumeDir d = dir();
        return VolumeStreams.upload(d, d.existing(volume), offset, length, progress, source);
    }

    /**
     * vol-download into a sparse sink: holes are not read and are reported as holes.
     *
     * @param volume the volume name
     * @param sink where the bytes go
     * @param offset where to start reading
     * @param length how many bytes, or -1 up to the end
     * @param progress progress receiver
     * @return the number of bytes sent
     */
    public long download(String volume, SparseSink sink, long offset, long length, TransferProgress progress) {
        VolumeDir d = dir();
        return VolumeStreams.download(d, d.existing(volume), sink, offset, length, progress);
    }

    /**
     * vol-download into a stream: holes are not read, and are written as zeroes.
     *
     * @param volume the volume name
     * @param out where the bytes go; not closed
     * @param offset where to start reading
     * @param length how many bytes, or -1 up to the end
     * @param progress progress receiver
     * @return the number of bytes written
     */
    public long download(String volume, OutputStream out, long offset, long length, TransferProgress progress) {
        return download(volume, SparseSink.of(out), offset, length, progress);
    }

    // ---- helpers ----

    private VolumeDir dir() {
        if (!backend.fileVolumes()) {
            throw new StorageException(Kind.UNSUPPORTED, name(), null,
                    "Pool '" + name() + "' does not keep its volumes as files.");
        }
        if (!backend.isActive()) {
            throw new StorageException(Kind.POOL_INACTIVE, name(), null, "Pool '" + name()
                    + "' is not running; start it first.");
        }
        try {
            return new VolumeDir(name(), backend.directory().toRealPath());
        } catch (IOException e) {
            throw new StorageException(Kind.IO, name(), null, "The directory " + backend.directory() + " of pool '"
                    + name() + "' cannot be resolved: " + HostFiles.describe(e) + ".", e);
        }
    }

    private VolumeDef def(java.util.function.Supplier<VolumeDef> make) {
        try {
            return make.get();
        } catch (ConfException e) {
            throw new StorageException(Kind.INVALID_ARGUMENT, name(), null, e.detail(), e);
        }
    }
}
