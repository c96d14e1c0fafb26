package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.BackingStore;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.qemu.qmp.BlockChain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure changes of a disk's chain after a block job: the live definition follows the images
 * QEMU really has open (so it never names one QEMU let go of), and the persistent one follows
 * where libvirt changes it (a commit or pull of the chain it describes; never a copy).
 */
final class BlockJobChains {
    private BlockJobChains() {
    }

    /**
     * {@code def} with disk {@code target}'s chain made of {@code actual} (top first): layers the
     * definition (or {@code known}, by path) already describes keep their description, new ones
     * are plain files of QEMU's format, and the last one ends the chain.
     *
     * @return {@code def} itself when the chain is already that one
     */
    static DomainDef follow(DomainDef def, String target, List<BlockChain.Layer> actual,
                            Map<String, StorageSource> known) {
        DiskDef disk = SnapshotDisks.disk(def, target);
        if (disk == null || actual.isEmpty()) {
            return def;
        }
        List<String> files = actual.stream().map(BlockChain.Layer::filename).toList();
        if (files.equals(SnapshotDisks.chainFiles(disk)) && disk.layers().getLast().backing() != null) {
            return def;
        }
        BackingStore below = BackingStore.END;
        for (int i = actual.size() - 1; i >= 0; i--) {
            BlockChain.Layer l = actual.get(i);
            StorageSource was = find(disk, l.filename());
            if (was == null) {
                was = known.get(l.filename());
            }
            if (was == null) {
                was = new StorageSource(new DiskSource.File(l.filename()), format(l.format()), null, null, null,
                        List.of(), null, null, null, null);
            }
            below = withBacking(was, below);
        }
        return withDisk(def, target, disk.toBuilder().source((StorageSource) below).build());
    }

    /**
     * The persistent definition after a commit or pull changed a disk of the running domain
     * from {@code before} to {@code after}: the persistent disk follows when it describes the
     * same top image as {@code before} (with the chain left to the image when it gave none).
     *
     * @return {@code persistent} itself when nothing changes (or it is null)
     */
    static DomainDef followPersistent(DomainDef persistent, String target, DiskDef before, DiskDef after) {
        if (persistent == null) {
            return null;
        }
        DiskDef p = SnapshotDisks.disk(persistent, target);
        if (p == null || !sameImage(p.source(), before.source()) || sameImage(before.source(), after.source())
                && SnapshotDisks.chainFiles(before).equals(SnapshotDisks.chainFiles(after))) {
            return persistent;
        }
        StorageSource top = p.source().backing() == null ? withBacking(after.source(), null) : after.source();
        return withDisk(persistent, target, p.toBuilder().source(top).build());
    }

    /** Whether two sources name the same image: one path, or one storage volume. */
    static boolean sameImage(StorageSource a, StorageSource b) {
        if (a.location() instanceof DiskSource.Volume va && b.location() instanceof DiskSource.Volume vb
                && va.pool() != null) {
            return Objects.equals(va.pool(), vb.pool()) && Objects.equals(va.volume(), vb.volume());
        }
        String pa = a.location().localPath();
        return pa != null && pa.equals(b.location().localPath());
    }

    /** The format for QEMU's driver word; qcow2 for one jvirt does not know. */
    static DiskFormat format(String driver) {
        for (DiskFormat f : DiskFormat.values()) {
            if (f.xml().equals(driver)) {
                return f;
            }
        }
        return DiskFormat.QCOW2;
    }

    private static StorageSource find(DiskDef disk, String path) {
        for (StorageSource s : disk.layers()) {
            if (path.equals(s.location().localPath())) {
                return s;
            }
        }
        return null;
    }

    static StorageSource withBacking(StorageSource s, BackingStore b) {
        return new StorageSource(s.location(), s.format(), s.metadataCacheMaxSize(), s.index(), s.slice(),
                s.seclabels(), s.auth(), s.encryption(), s.reservations(), b);
    }

    private static DomainDef withDisk(DomainDef def, String target, DiskDef changed) {
        List<DiskDef> disks = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            disks.add(d.target().dev().equals(target) ? changed : d);
        }
        return def.withDevices(def.devices().withDisks(disks));
    }
}
