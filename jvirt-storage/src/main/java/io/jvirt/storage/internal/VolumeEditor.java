package io.jvirt.storage.internal;

import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.raw.RawImage;
import io.jvirt.storage.ResizeFlag;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.TransferProgress;
import io.jvirt.storage.VolumeInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * vol-resize, vol-wipe and vol-delete for file-based pools. Each holds the volume's image
 * locks while it changes the file ({@link VolumeLocks}, or the engine's own at resize), so a
 * volume QEMU or qemu-img uses is refused and left as it was.
 */
public final class VolumeEditor {

    private VolumeEditor() {
    }

    /**
     * Changes a volume's capacity. Growing is always allowed; shrinking only with
     * {@link ResizeFlag#SHRINK}. With {@link ResizeFlag#ALLOCATE} a raw volume reserves the
     * added space at once, after checking that the pool has it.
     *
     * @param dir the pool directory
     * @param v the volume file
     * @param newCapacity the new capacity in bytes
     * @param flags the options
     * @return the volume afterwards
     */
    public static VolumeInfo resize(VolumeDir dir, VolumeDir.Located v, long newCapacity, Set<ResizeFlag> flags) {
        String name = v.name();
        if (newCapacity < 0 || newCapacity > VolumeDef.MAX_SIZE) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "The new capacity " + newCapacity
                    + " of volume '" + name + "' is out of range; it must be from 0 to 1 EiB.");
        }
        VolumeInfo info = VolumeReader.read(dir.pool(), v);
        if (!info.format().writable()) {
            throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name, "Volume '" + name + "' is in "
                    + info.format().xml() + " format, which cannot be resized; convert it to raw or qcow2 first.");
        }
        long old = info.capacity();
        if (newCapacity < old && !flags.contains(ResizeFlag.SHRINK)) {
            throw new StorageException(Kind.INVALID_ARGUMENT, dir.pool(), name, "Shrinking volume '" + name + "' from "
                    + old + " to " + newCapacity + " bytes would discard the data past the new end; ask for the "
                    + "shrink option to do it anyway.");
        }
        boolean allocate = flags.contains(ResizeFlag.ALLOCATE);
        if (allocate && info.format() != VolumeFormat.RAW) {
            throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name, "Reserving the added space works for raw "
                    + "volumes only, and volume '" + name + "' is " + info.format().xml() + ".");
        }
        if (allocate && newCapacity > old) {
            Space.require(dir, name, newCapacity - old, "Growing volume '" + name + "' with allocation");
        }
        boolean reserved = VolumeCreator.engine(dir, name, () -> {
            // one open, locked as qemu-img resize locks, for the new size and the reservation
            try (DiskImage img = Images.open(v.path(), ChainEdits.resizeOptions(Formats.of(info.format())))) {
                ChainEdits.resize(img, newCapacity, true);
                return !(allocate && newCapacity > old) || img instanceof RawImage r && r.fallocate(old, newCapacity - old);
            }
        });
        if (!reserved) {
            throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name, "The file system of pool '"
                    + dir.pool() + "' cannot reserve space (fallocate); volume '" + name
                    + "' was grown without reserving it.");
        }
        return VolumeReader.read(dir.pool(), dir.existing(name));
    }

    /**
     * Erases a volume's data, keeping its format, capacity and backing file. A sparse file
     * is emptied and extended again (its blocks are freed, as libvirt does); a fully
     * allocated one is overwritten with zeroes in place. A qcow2 volume is then made again
     * as an empty image with the same settings, so an overlay reads its backing data again.
     *
     * @param dir the pool directory
     * @param v the volume file
     * @param progress progress receiver
     * @return the volume afterwards
     */
    public static VolumeInfo wipe(VolumeDir dir, VolumeDir.Located v, TransferProgress progress) {
        String name = v.name();
        VolumeInfo info = VolumeReader.read(dir.pool(), v);
        CreateOptions recreate = switch (info.format()) {
            case RAW -> null;
            case QCOW2 -> {
                CreateOptions.Builder b = CreateOptions.builder(ImageFormat.QCOW2, info.capacity())
                        .clusterSize((int) (long) info.clusterSize()).compat(info.compat())
                        .lazyRefcounts(info.lazyRefcounts()).unsafeBacking(true);
                if (info.backing() != null) {
                    b.backingFile(info.backing().path());
                    if (info.backing().format() != null) {
                        b.backingFormat(Formats.of(info.backing().format()));
                    }
                }
                yield b.build();
            }
            case VMDK, VDI, VPC, VHDX, QED, QCOW -> throw new StorageException(Kind.UNSUPPORTED, dir.pool(), name,
                    "Volume '" + name
                    + "' is in " + info.format().xml() + " format, which cannot be wiped; delete it instead.");
        };
        Path p = v.path();
        long size = v.stat().size();
        ImageFormat made = recreate == null ? ImageFormat.RAW : ImageFormat.QCOW2;
        // locked as qemu-img create locks a file it replaces, from the first zero to the new header
        try (ImageLock lock = VolumeLocks.recreate(dir, v, made)) {
            wipe(dir, v, lock, recreate, progress);
        }
        if (recreate != null) {
            try {
                HostFiles.apply(p, info.permissions(), null);
            } catch (IOException e) {
                throw new StorageException(Kind.IO, dir.pool(), name, "The permissions of volume '" + name
                        + "' cannot be restored after wiping it: " + HostFiles.describe(e) + ".", e);
            }
        }
        progress.update(size, size);
        return VolumeReader.read(dir.pool(), dir.existing(name));
    }

    private static void wipe(VolumeDir dir, VolumeDir.Located v, ImageLock lock, CreateOptions recreate,
                             TransferProgress progress) {
        String name = v.name();
        Path p = v.path();
        long size = v.stat().size();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            if (v.stat().allocated() < size) {
                ch.truncate(0);
                if (recreate == null && size > 0) {
                    ch.write(ByteBuffer.allocate(1), size - 1);
                }
            } else {
                ByteBuffer zero = ByteBuffer.allocateDirect(1 << 20);
                for (long pos = 0; pos < size; pos += zero.capacity()) {
                    zero.clear().limit((int) Math.min(zero.capacity(), size - pos));
                    while (zero.hasRemaining()) {
                        ch.write(zero, pos + zero.position());
                    }
                    progress.update(pos + zero.limit(), size);
                }
            }
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), name, "Volume '" + name + "' cannot be wiped: "
                    + HostFiles.describe(e) + ".", e);
        }
        if (recreate != null) {
            VolumeCreator.engine(dir, name, () -> {
                Images.create(lock, recreate);
                return null;
            });
        }
    }

    /**
     * Deletes a volume file.
     *
     * @param dir the pool directory
     * @param v the volume file
     */
    public static void delete(VolumeDir dir, VolumeDir.Located v) {
        // refused while anyone (QEMU, qemu-img) holds any lock byte of the file
        try (ImageLock lock = VolumeLocks.exclusive(dir, v)) {
            Files.delete(v.path());
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), v.name(), "Volume '" + v.name() + "' of pool '"
                    + dir.pool() + "' cannot be deleted: " + HostFiles.describe(e) + ".", e);
        }
    }
}
