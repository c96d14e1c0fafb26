package io.jvirt.storage;

import io.jvirt.conf.storage.BackingStore;
import io.jvirt.conf.storage.Permissions;
import io.jvirt.conf.storage.Timestamps;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeTarget;
import io.jvirt.conf.storage.VolumeType;
import java.nio.file.Path;

/**
 * What the pool knows about one volume, read from the file and its image header: vol-info,
 * vol-path, vol-key and (through {@link #toDef()}) vol-dumpxml.
 *
 * @param name the volume name (the file name)
 * @param key the unique key; for file volumes, the path
 * @param path the file
 * @param type the volume type
 * @param format the image format read from the header
 * @param capacity the guest-visible size in bytes
 * @param allocation the bytes the file occupies on disk
 * @param physical the file size in bytes
 * @param backing the backing image of a qcow2 volume, or null
 * @param permissions the file's mode, owner and group
 * @param timestamps the file's times
 * @param compat qcow2 compat level, or null for other formats
 * @param clusterSize qcow2 cluster size, or null for other formats
 * @param lazyRefcounts whether the qcow2 feature lazy_refcounts is on
 */
public record VolumeInfo(String name, String key, Path path, VolumeType type, VolumeFormat format, long capacity,
                         long allocation, long physical, BackingStore backing, Permissions permissions,
                         Timestamps timestamps, String compat, Long clusterSize, boolean lazyRefcounts) {

    /** Returns the volume as libvirt's vol-dumpxml describes it. */
    public VolumeDef toDef() {
        VolumeTarget target = new VolumeTarget(path.toString(), format, permissions, timestamps, compat, clusterSize,
                lazyRefcounts);
        return new VolumeDef(type, name, key, capacity, allocation, physical, target, backing);
    }
}
