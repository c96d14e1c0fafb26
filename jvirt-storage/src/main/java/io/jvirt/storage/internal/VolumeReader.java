package io.jvirt.storage.internal;

import io.jvirt.conf.storage.BackingStore;
import io.jvirt.conf.storage.Permissions;
import io.jvirt.conf.storage.Timestamps;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeType;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.qcow2.Qcow2Backing;
import io.jvirt.image.qcow2.Qcow2Header;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.VolumeInfo;

/**
 * Reads one volume's facts: size, allocation, mode and times from one stat; the format by
 * magic and the capacity and backing file from the header, parsed by the image engine (raw
 * needs no more than the stat and a look at both ends). The backing chain is never opened, and
 * no image lock is taken (as qemu-img info -U): volumes in use are listed too.
 */
public final class VolumeReader {

    private VolumeReader() {
    }

    /**
     * Reads a volume.
     *
     * @param pool the pool name, for messages
     * @param v the located volume file
     * @return the facts
     * @throws StorageException IMAGE when the header cannot be read
     */
    public static VolumeInfo read(String pool, VolumeDir.Located v) {
        FileStat st = v.stat();
        String key = v.path().toString();
        Permissions perms = new Permissions(st.permissions(), st.uid(), st.gid(), null);
        Timestamps times = new Timestamps(st.atime(), null, st.ctime(), st.mtime());
        try {
            QuickProbe.Found quick = QuickProbe.probe(v.path(), st.size());
            switch (quick) {
                case QuickProbe.Raw r -> {
                    return new VolumeInfo(v.name(), key, v.path(), VolumeType.FILE, VolumeFormat.RAW, st.size(),
                            st.allocated(), st.size(), null, perms, times, null, null, false);
                }
                case QuickProbe.Qcow2 q -> {
                    return qcow2(v, st, q.header(), key, perms, times);
                }
                case QuickProbe.Other o -> {
                    return engineRead(v, st, key, perms, times);
                }
            }
        } catch (java.io.IOException e) {
            throw new StorageException(Kind.IO, pool, v.name(), "The volume '" + v.name() + "' of pool '" + pool
                    + "' cannot be read: " + HostFiles.describe(e) + ".", e);
        } catch (ImageException e) {
            throw new StorageException(Kind.IMAGE, pool, v.name(), "The volume '" + v.name() + "' of pool '" + pool
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Returns an earlier reading of an unchanged file with the allocation, owner, mode and
     * times of a fresh stat.
     *
     * @param before the earlier reading
     * @param st the fresh stat
     * @return the volume
     */
    public static VolumeInfo restat(VolumeInfo before, FileStat st) {
        return new VolumeInfo(before.name(), before.key(), before.path(), before.type(), before.format(),
                before.capacity(), st.allocated(), st.size(), before.backing(),
                new Permissions(st.permissions(), st.uid(), st.gid(), null),
                new Timestamps(st.atime(), null, st.ctime(), st.mtime()), before.compat(), before.clusterSize(),
                before.lazyRefcounts());
    }

    private static VolumeInfo engineRead(VolumeDir.Located v, FileStat st, String key, Permissions perms,
                                         Timestamps times) {
        ImageFormat f = Images.probe(v.path());
        return switch (f) {
            case RAW -> new VolumeInfo(v.name(), key, v.path(), VolumeType.FILE, VolumeFormat.RAW, st.size(),
                    st.allocated(), st.size(), null, perms, times, null, null, false);
            case QCOW2 -> {
                try (DiskImage img = Images.open(v.path(), new Images.OpenOptions(ImageFormat.QCOW2, true, null, false,
                        ImageAccess.peek()))) {
                    yield qcow2(v, st, ((Qcow2Image) img).header(), key, perms, times);
                }
            }
            case PARALLELS, DMG, CLOOP, BOCHS, LUKS -> throw f.unreadable(v.path());
            case VMDK, VDI, VPC, VHDX, QED, QCOW -> {
                try (DiskImage img = Images.open(v.path(), new Images.OpenOptions(f, true, null, false,
                        ImageAccess.peek()))) {
                    yield new VolumeInfo(v.name(), key, v.path(), VolumeType.FILE, Formats.of(f), img.virtualSize(),
                            st.allocated(), st.size(), null, perms, times, null, null, false);
                }
            }
        };
    }

    private static VolumeInfo qcow2(VolumeDir.Located v, FileStat st, Qcow2Header h, String key, Permissions perms,
                                    Timestamps times) {
        {
            BackingStore backing = null;
            if (h.backingFile() != null) {
                VolumeFormat bf = null;
                if (h.backingFormat() != null) {
                    bf = Formats.ofName(h.backingFormat());
                }
                String bp = Qcow2Backing.resolve(v.path(), h.backingFile()).toAbsolutePath().normalize().toString();
                backing = new BackingStore(bp, bf, null);
            }
            return new VolumeInfo(v.name(), key, v.path(), VolumeType.FILE, VolumeFormat.QCOW2, h.size(),
                    st.allocated(), st.size(), backing, perms, times, h.version() == 2 ? "0.10" : "1.1",
                    (long) h.clusterSize(), (h.compatible() & Qcow2Header.LAZY_REFCOUNTS) != 0);
        }
    }
}
