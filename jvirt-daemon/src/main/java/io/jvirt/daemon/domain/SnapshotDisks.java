package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.BackingStore;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure changes of a definition's disk chains for snapshots: an overlay put on top of a disk
 * (its old source becomes the {@code <backingStore>} under it), a layer taken out of a chain
 * after a commit, the image at each layer.
 */
final class SnapshotDisks {
    private SnapshotDisks() {
    }

    /**
     * {@code def} with each disk named in {@code overlays} (target to overlay file) on a new
     * qcow2 overlay whose backing is the disk's old source and chain.
     */
    static DomainDef withOverlays(DomainDef def, Map<String, String> overlays) {
        if (overlays.isEmpty()) {
            return def;
        }
        List<DiskDef> disks = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            String overlay = overlays.get(d.target().dev());
            if (overlay == null) {
                disks.add(d);
                continue;
            }
            StorageSource below = d.source();
            StorageSource top = new StorageSource(new DiskSource.File(overlay), DiskFormat.QCOW2, null, null, null,
                    List.of(), null, null, null, below);
            disks.add(d.toBuilder().source(top).build());
        }
        return def.withDevices(def.devices().withDisks(disks));
    }

    /**
     * {@code def} with the layer whose image is {@code path} taken out of disk {@code target}'s
     * chain (its data now lives in the layer below): the layer above it, or the disk itself when
     * it was the top, gets the layer below as backing.
     */
    static DomainDef withoutLayer(DomainDef def, String target, String path) {
        List<DiskDef> disks = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            if (!d.target().dev().equals(target)) {
                disks.add(d);
                continue;
            }
            disks.add(d.toBuilder().source(remove(d.source(), path)).build());
        }
        return def.withDevices(def.devices().withDisks(disks));
    }

    private static StorageSource remove(StorageSource s, String path) {
        if (path.equals(s.location().localPath())) {
            if (s.backing() instanceof StorageSource below) {
                return below;
            }
            throw new IllegalStateException("the layer " + path + " has no backing layer to take its place");
        }
        if (s.backing() instanceof StorageSource below) {
            return withBacking(s, remove(below, path));
        }
        return s;
    }

    private static StorageSource withBacking(StorageSource s, BackingStore b) {
        return new StorageSource(s.location(), s.format(), s.metadataCacheMaxSize(), s.index(), s.slice(),
                s.seclabels(), s.auth(), s.encryption(), s.reservations(), b);
    }

    /** The files of a disk's chain as the definition gives it, top first. */
    static List<String> chainFiles(DiskDef d) {
        List<String> out = new ArrayList<>();
        for (StorageSource s : d.layers()) {
            String p = s.location().localPath();
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The disk with that target, or null. */
    static DiskDef disk(DomainDef def, String target) {
        for (DiskDef d : def.devices().disks()) {
            if (d.target().dev().equals(target)) {
                return d;
            }
        }
        return null;
    }

    /** The format of a disk's top image as a word ({@code qcow2}), or null. */
    static String format(DiskDef d) {
        return d.format() == null ? null : d.format().xml();
    }
}
