package io.jvirt.storage.internal;

import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.Preallocation;
import io.jvirt.image.WriteCache;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.ops.Measurer;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.raw.RawImage;
import io.jvirt.image.raw.SparseFile;
import io.jvirt.storage.CloneMode;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.TransferProgress;
import io.jvirt.storage.VolumeInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** vol-create, vol-create-as, vol-create-from and vol-clone for file-based pools. */
public final class VolumeCreator {

    private static final int DEFAULT_CLUSTER = 65536;

    private VolumeCreator() {
    }

    /**
     * Creates an empty volume (vol-create / vol-create-as).
     *
     * <p>A raw volume reserves {@code allocation} bytes from its start (all of it when no
     * allocation is given, as libvirt does); 0 makes it fully sparse. A qcow2 volume is
     * sparse unless {@code preallocate} is set: then its metadata is preallocated, or
     * everything (falloc) when the allocation is at least the capacity. A qcow2 volume with a
     * backing store and capacity 0 takes the backing image's size.
     *
     * @param dir the pool directory
     * @param def the volume
     * @param preallocate libvirt's prealloc-metadata flag
     * @return the new volume
     */
    public static VolumeInfo create(VolumeDir dir, VolumeDef def, boolean preallocate) {
        String name = def.name();
        VolumeFormat fmt = def.format();
        requireWritable(dir, name, fmt);
        try (Staging s = Staging.begin(dir, name)) {
            checkTargetPath(dir, def, s.target());
            Plan plan = switch (fmt) {
                case RAW -> new Plan(CreateOptions.builder(ImageFormat.RAW, def.capacity()),
                        Math.min(def.capacity(), def.allocation() == null ? def.capacity() : def.allocation()));
                case QCOW2 -> qcow2Plan(dir, def, preallocate);
                case VMDK, VDI, VPC, VHDX, QED, QCOW -> throw new IllegalStateException("checked by requireWritable");
            };
            CreateOptions.Builder b = plan.builder();
            long required = plan.required();
            CreateOptions o = options(dir, name, b);
            Space.require(dir, name, required, "Creating volume '" + name + "'");
            engine(dir, name, () -> Images.create(s.temp(), o));
            if (fmt == VolumeFormat.RAW && required > 0) {
                reserve(dir, name, s.temp(), required);
            }
            s.publish(def.target().permissions());
            return VolumeReader.read(dir.pool(), dir.existing(name));
        }
    }

    /** How to create an empty volume, and the space it needs at once. */
    private record Plan(CreateOptions.Builder builder, long required) {
    }

    private static Plan qcow2Plan(VolumeDir dir, VolumeDef def, boolean preallocate) {
        String name = def.name();
        long capacity = def.capacity();
        int cs = def.target().clusterSize() == null ? DEFAULT_CLUSTER : (int) (long) def.target().clusterSize();
        CreateOptions.Builder b = CreateOptions.builder(ImageFormat.QCOW2, capacity).clusterSize(cs)
                .compat(def.target().compat() == null ? "1.1" : def.target().compat())
                .lazyRefcounts(def.target().lazyRefcounts());
        if (def.backingStore() != null) {
            Path bp = Path.of(def.backingStore().path());
            ImageFormat bf = def.backingStore().format() == null ? null : Formats.of(def.backingStore().format());
            // read as qemu-img create reads it: metadata only, force-share (no lock byte)
            try (DiskImage backing = Images.open(bp, new Images.OpenOptions(bf, true, null, true, ImageAccess.peek()))) {
                b.backingFile(bp.toString()).backingFormat(backing.format());
                if (capacity == 0) {
                    capacity = backing.virtualSize();
                    b.size(capacity);
                }
            } catch (ImageException e) {
                throw new StorageException(Kind.NOT_FOUND, dir.pool(), name, "The backing store of the new volume '"
                        + name + "' cannot be opened: " + e.getMessage(), e);
            }
        }
        Preallocation pre = !preallocate ? Preallocation.OFF
                : def.allocation() != null && def.allocation() >= capacity ? Preallocation.FALLOC
                : Preallocation.METADATA;
        b.preallocation(pre);
        Measurer.Result m = Measurer.measure(null, capacity, ImageFormat.QCOW2, cs, 16);
        long required = switch (pre) {
            case OFF -> 0;
            case METADATA -> m.required();
            case FALLOC, FULL -> m.fullyAllocated();
        };
        return new Plan(b, required);
    }

    /**
     * Creates a volume from another one (vol-create-from, vol-clone).
     *
     * @param dir the pool directory
     * @param def the new volume: name, permissions; its format (default: the source's, qcow2
     *     for an overlay) and capacity (raised to the source's when smaller)
     * @param source the source volume file (possibly in another pool)
     * @param mode how to copy
     * @param progress progress receiver
     * @return the new volume
     */
    public static VolumeInfo createFrom(VolumeDir dir, VolumeDef def, Path source, CloneMode mode,
                                        TransferProgress progress) {
        return createFrom(dir, def, source, mode, progress, false);
    }

    /**
     * As {@link #createFrom(VolumeDir, VolumeDef, Path, CloneMode, TransferProgress)}; with
     * {@code forceShare} the source is read without its image lock ({@code qemu-img convert -U}),
     * for a source that a paused QEMU holds (a paused QEMU has flushed and writes nothing).
     */
    public static VolumeInfo createFrom(VolumeDir dir, VolumeDef def, Path source, CloneMode mode,
                                        TransferProgress progress, boolean forceShare) {
        String name = def.name();
        try (Staging s = Staging.begin(dir, name)) {
            checkTargetPath(dir, def, s.target());
            ImageFormat srcFormat = engine(dir, name, () -> {
                ImageFormat f = Images.probe(source);
                Images.requireReadable(source, f);
                return f;
            });
            VolumeFormat fmt = def.target().format() != null ? def.format()
                    : mode == CloneMode.OVERLAY ? VolumeFormat.QCOW2 : Formats.of(srcFormat);
            requireWritable(dir, name, fmt);
            switch (mode) {
                case FULL -> {
                    fullCopy(dir, def, source, srcFormat, fmt, s.temp(), progress, forceShare);
                    if (fmt == VolumeFormat.RAW && def.allocation() != null && def.allocation() >= def.capacity()) {
                        // a non-sparse copy (virt-clone --nonsparse): every block allocated, as libvirt does
                        Space.require(dir, name, def.capacity(), "Allocating volume '" + name + "'");
                        reserve(dir, name, s.temp(), def.capacity());
                    }
                }
                case REFLINK -> reflink(dir, def, source, srcFormat, fmt, s.temp(), progress, forceShare);
                case OVERLAY -> overlay(dir, def, source, srcFormat, fmt, s.temp(), progress);
            }
            s.publish(def.target().permissions());
            return VolumeReader.read(dir.pool(), dir.existing(name));
        }
    }

    private static void fullCopy(VolumeDir dir, VolumeDef def, Path source, ImageFormat srcFormat, VolumeFormat fmt,
                                 Path temp, TransferProgress progress, boolean forceShare) {
        String name = def.name();
        ImageFormat target = Formats.of(fmt);
        engine(dir, name, () -> {
            // the source is read as qemu-img convert reads it: refused while someone writes it
            try (DiskImage src = Images.open(source, new Images.OpenOptions(srcFormat, true, null, true,
                    forceShare ? ImageAccess.read().withForceShare(true) : ImageAccess.read().withNoShare()))) {
                long size = src.virtualSize();
                int cs = def.target().clusterSize() != null ? (int) (long) def.target().clusterSize()
                        : src instanceof Qcow2Image q ? q.clusterSize() : DEFAULT_CLUSTER;
                CreateOptions.Builder b = CreateOptions.builder(target, size);
                boolean layer = false;
                if (target == ImageFormat.QCOW2) {
                    b.clusterSize(cs).compat(def.target().compat() != null ? def.target().compat()
                            : src instanceof Qcow2Image q && q.header().version() == 2 ? "0.10" : "1.1")
                            .lazyRefcounts(def.target().lazyRefcounts());
                    if (src instanceof Qcow2Image q && q.backing().isPresent()) {
                        // copy this layer only and keep the same backing file: an exact clone
                        DiskImage bk = q.backing().get();
                        b.backingFile(bk.path().toAbsolutePath().toString()).backingFormat(bk.format()).unsafeBacking(true);
                        layer = true;
                    }
                }
                CreateOptions o = options(dir, name, b);
                long need = layer ? Measurer.measure(null, size, target, cs, 16).required() + allocatedTop(src)
                        : Measurer.measure(src, size, target, cs, 16).required();
                Space.require(dir, name, need, "Copying into volume '" + name + "'");
                // O_DIRECT where the pool's file system allows it: the copy does not go through the page
                // cache, so its speed does not depend on the host's memory, and the fdatasync that makes
                // it durable before it is published has no dirty pages to write
                Converter.convert(src, temp, target, new ConvertOptions(o, false, 4096, layer, 1, WriteCache.NONE),
                        pct -> progress.update((long) (pct / 100 * size), size));
                return null;
            }
        });
        grow(dir, def, temp, fmt);
    }

    /** Bytes the top layer of a qcow2 image stores, from its file's allocation. */
    private static long allocatedTop(DiskImage src) {
        return RawImage.actualSize(src.path());
    }

    private static void reflink(VolumeDir dir, VolumeDef def, Path source, ImageFormat srcFormat, VolumeFormat fmt,
                                Path temp, TransferProgress progress, boolean forceShare) {
        String name = def.name();
        if (Formats.of(srcFormat) != fmt) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "A reflink clone shares the source's "
                    + "blocks as they are, so it keeps the format " + srcFormat.qemuName() + "; ask for a full clone "
                    + "to convert to " + fmt.xml() + ".");
        }
        try {
            Files.createFile(temp);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "The new volume '" + name + "' cannot be created: "
                    + HostFiles.describe(e) + ".", e);
        }
        // the blocks are shared as they are now: the source must not be written meanwhile
        try (ImageLock held = forceShare ? null : engine(dir, name, () -> ImageLock.acquire(source, VolumeLocks.READ))) {
            Native.reflink(source, temp);
        } catch (Native.NativeError e) {
            switch (e.errno()) {
                case Native.EXDEV -> throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name, "A reflink clone "
                        + "needs the source on the same file system as pool '" + dir.pool() + "', and " + source
                        + " is not; ask for a full clone instead.");
                case Native.EOPNOTSUPP, Native.EINVAL, Native.ENOTTY -> throw new StorageException(Kind.UNSUPPORTED,
                        dir.pool(), name, "The file system of pool '" + dir.pool() + "' cannot make reflink copies ("
                        + e.getMessage() + "); btrfs can, and so can xfs made with reflink=1. Ask for a full or an "
                        + "overlay clone instead.");
                default -> throw new StorageException(Kind.IO, dir.pool(), name, "The reflink copy of " + source
                        + " into volume '" + name + "' failed: " + e.getMessage() + ".");
            }
        }
        grow(dir, def, temp, fmt);
        long size = temp.toFile().length();
        progress.update(size, size);
    }

    private static void overlay(VolumeDir dir, VolumeDef def, Path source, ImageFormat srcFormat, VolumeFormat fmt,
                                Path temp, TransferProgress progress) {
        String name = def.name();
        if (fmt != VolumeFormat.QCOW2) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "An overlay clone is a qcow2 image "
                    + "backed by its source, so its format must be qcow2, not " + fmt.xml() + ".");
        }
        engine(dir, name, () -> {
            long size;
            // an overlay only names its source, as qemu-img create -b does: metadata only, force-share
            try (DiskImage src = Images.open(source, new Images.OpenOptions(srcFormat, true, null, false,
                    ImageAccess.peek()))) {
                size = Math.max(src.virtualSize(), def.capacity());
            }
            int cs = def.target().clusterSize() == null ? DEFAULT_CLUSTER : (int) (long) def.target().clusterSize();
            CreateOptions o = options(dir, name, CreateOptions.builder(ImageFormat.QCOW2, size).clusterSize(cs)
                    .compat(def.target().compat() == null ? "1.1" : def.target().compat())
                    .lazyRefcounts(def.target().lazyRefcounts())
                    .backingFile(source.toAbsolutePath().toString()).backingFormat(srcFormat));
            Space.require(dir, name, Measurer.measure(null, size, ImageFormat.QCOW2, cs, 16).required(),
                    "Creating the overlay volume '" + name + "'");
            Images.create(temp, o);
            progress.update(size, size);
            return null;
        });
    }

    /** Raises the copy's capacity to the one asked for, when that is larger. */
    private static void grow(VolumeDir dir, VolumeDef def, Path temp, VolumeFormat fmt) {
        engine(dir, def.name(), () -> {
            long now;
            try (DiskImage img = Images.open(temp, new Images.OpenOptions(Formats.of(fmt), true, null, false))) {
                now = img.virtualSize();
            }
            if (def.capacity() > now) {
                ChainEdits.resize(temp, Formats.of(fmt), def.capacity(), false);
            }
            return null;
        });
    }

    /** Reserves the first {@code bytes} of a raw file: fallocate, or zeroes where that is not supported. */
    private static void reserve(VolumeDir dir, String name, Path file, long bytes) {
        try (SparseFile sf = SparseFile.open(file, true)) {
            if (sf.allocate(0, bytes)) {
                return;
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zero = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < bytes; pos += zero.capacity()) {
                zero.clear().limit((int) Math.min(zero.capacity(), bytes - pos));
                while (zero.hasRemaining()) {
                    ch.write(zero, pos + zero.position());
                }
            }
            ch.force(false);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "Space for volume '" + name + "' cannot be reserved: "
                    + HostFiles.describe(e) + ".", e);
        }
    }

    private static void requireWritable(VolumeDir dir, String name, VolumeFormat fmt) {
        if (!fmt.writable()) {
            throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name, "Volumes in " + fmt.xml() + " format cannot "
                    + "be created; create a raw or qcow2 volume, or upload the " + fmt.xml() + " file into a new volume.");
        }
    }

    private static void checkTargetPath(VolumeDir dir, VolumeDef def, Path target) {
        String asked = def.target().path();
        if (asked != null && !Path.of(asked).equals(target) && !Path.of(asked).equals(
                Path.of(dir.dir().toString()).resolve(def.name()))) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), def.name(), "The target path " + asked
                    + " does not match pool '" + dir.pool() + "', where volume '" + def.name() + "' lives at " + target
                    + "; leave the path out.");
        }
    }

    private static CreateOptions options(VolumeDir dir, String name, CreateOptions.Builder b) {
        try {
            return b.build();
        } catch (ImageException e) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, e.getMessage(), e);
        }
    }

    /** Work done by the image engine. */
    @FunctionalInterface
    interface EngineWork<T> {
        T run();
    }

    /**
     * Runs image engine work, turning its failures into storage errors.
     *
     * @param dir the pool
     * @param name the volume
     * @param work the work
     * @param <T> its result type
     * @return its result
     */
    static <T> T engine(VolumeDir dir, String name, EngineWork<T> work) {
        try {
            return work.run();
        } catch (ImageException e) {
            Kind kind = switch (e.kind()) {
                case INVALID_ARGUMENT, TOO_LARGE -> Kind.INVALID_ARGUMENT;
                case UNSUPPORTED -> Kind.UNSUPPORTED;
                case NOT_FOUND -> Kind.NOT_FOUND;
                case IO -> Kind.IO;
                case UNKNOWN_FORMAT, TRUNCATED, CORRUPT, READ_ONLY, BACKING, EXISTS, REFCOUNT_OVERFLOW -> Kind.IMAGE;
                case IN_USE -> Kind.IMAGE_IN_USE;
            };
            throw new StorageException(kind, dir.pool(), name, e.getMessage(), e);
        }
    }

    private static void engine(VolumeDir dir, String name, Runnable work) {
        engine(dir, name, () -> {
            work.run();
            return null;
        });
    }
}
