package io.jvirt.daemon.inspect;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainBlock;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Disks as {@code domblklist}, {@code domblkinfo} and {@code domblkstat} show them, from the
 * definition and QEMU's typed answers (pure). A disk is found in QEMU's answers by its
 * device (the id the argv gives it, which stays when a snapshot, copy or commit puts another
 * node on top), else by the node name the argv gives its format layer, {@code TARGET-fmt}.
 */
public final class BlockViews {
    private BlockViews() {
    }

    /**
     * Whether QEMU's node is a disk's top node, as the argv names it ({@code BlockdevArgs}): the
     * format layer {@code TARGET-fmt}, or {@code TARGET-cor} when copy-on-read sits above it.
     */
    public static boolean isTop(DiskDef disk, String nodeName) {
        String dev = disk.target().dev();
        return nodeName != null && (nodeName.equals(dev + "-fmt") || nodeName.equals(dev + "-cor"));
    }

    /**
     * Whether an entry of QEMU's (its device's qdev, the name of the node on top) is a disk's:
     * the qdev is the disk's device id {@code id}, or the path of a device inside it
     * ({@code /machine/peripheral/ID/virtio-backend}); without a qdev or an id, the node name.
     */
    static boolean isOf(String id, DiskDef disk, String qdev, String nodeName) {
        if (id != null && qdev != null && !qdev.isEmpty()) {
            return qdev.equals(id) || qdev.startsWith("/machine/peripheral/" + id + "/");
        }
        return isTop(disk, nodeName);
    }

    /** The device id the argv gives a disk, or null for a definition that never got its addresses. */
    private static String deviceId(DomainDef def, DiskDef disk) {
        try {
            return QemuArgv.diskId(def, disk);
        } catch (ArgvException e) {
            return null;
        }
    }

    /** The disks of a definition ({@code domblklist}). */
    public static List<DomainBlock> list(DomainDef def) {
        List<DomainBlock> out = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            out.add(new DomainBlock(d.type().xml(), d.device().xml(), d.target().dev(), source(d)));
        }
        return out;
    }

    /**
     * What virsh shows as a disk's source (its file, dev, dir, name or volume attribute): the
     * file, device or directory, a network source's name, a volume's name; null for an empty drive.
     */
    public static String source(DiskDef d) {
        return switch (d.location()) {
            case DiskSource.Volume v -> v.volume();
            case NetworkSource n -> n.name();
            case DiskSource.File f -> f.path();
            case DiskSource.Block b -> b.dev();
            case DiskSource.Dir dir -> dir.dir();
            case DiskSource.Nvme _ -> null;
            case DiskSource.VhostUser vhost -> vhost.path();
        };
    }

    /**
     * The disk a user named, by target or by source path, as libvirt's virDomainDiskByName.
     *
     * @return empty when the definition has no such disk
     */
    public static Optional<DiskDef> find(DomainDef def, String name) {
        for (DiskDef d : def.devices().disks()) {
            if (d.target().dev().equals(name) || name.equals(d.localPath())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** QEMU's counters of a disk. */
    public static Optional<BlockIoStats> stats(List<BlockIoStats> all, DomainDef def, DiskDef disk) {
        String id = deviceId(def, disk);
        return all.stream().filter(s -> isOf(id, disk, s.qdev(), s.nodeName())).findFirst();
    }

    /** QEMU's sizes of a disk's image. */
    public static Optional<BlockImageSize> size(List<BlockImageSize> all, DomainDef def, DiskDef disk) {
        String id = deviceId(def, disk);
        return all.stream().filter(s -> isOf(id, disk, s.qdev(), s.nodeName())).findFirst();
    }

    /** A disk's counters in virsh's names. */
    public static BlockStats stats(String target, BlockIoStats s) {
        return new BlockStats(target, s.rdOps(), s.rdBytes(), s.wrOps(), s.wrBytes(), s.flushOps(),
                s.rdTotalTimeNs(), s.wrTotalTimeNs(), s.flushTotalTimeNs());
    }

    /** The sum of several disks' counters (virsh's {@code domblkstat} without a device). */
    public static BlockStats sum(List<BlockStats> all) {
        long[] v = new long[8];
        for (BlockStats s : all) {
            v[0] += s.rdReq();
            v[1] += s.rdBytes();
            v[2] += s.wrReq();
            v[3] += s.wrBytes();
            v[4] += s.flushOperations();
            v[5] += s.rdTotalTimes();
            v[6] += s.wrTotalTimes();
            v[7] += s.flushTotalTimes();
        }
        return new BlockStats(null, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /**
     * A running disk's sizes with libvirt's meanings (qemuDomainGetBlockInfo): allocation is
     * what the image takes on the host, except for a non-qcow2 image QEMU has written, whose
     * allocation is the highest offset written; when that leaves nothing to tell apart, the
     * physical size is the file's own size.
     *
     * @param fileSize the size of the image's file or device, when it can be read
     */
    public static BlockInfo info(DiskDef disk, BlockImageSize size, BlockIoStats stats, OptionalLong fileSize) {
        long physical = size.actualSize() == null ? size.virtualSize() : size.actualSize();
        boolean qcow2 = disk.format() == DiskFormat.QCOW2 && disk.type() != DiskSource.Type.BLOCK;
        Long highest = stats == null ? null : stats.wrHighestOffset();
        long allocation = highest == null || qcow2 ? physical : highest;
        if (physical == 0 || allocation == 0 || allocation == physical) {
            if (allocation == 0) {
                allocation = physical;
            }
            physical = fileSize.orElse(physical);
        }
        return new BlockInfo(disk.target().dev(), size.virtualSize(), allocation, physical);
    }
}
