package io.jvirt.daemon.inspect;

import io.jvirt.api.BlockInfo;
import io.jvirt.api.BlockStats;
import io.jvirt.api.DomainBlock;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.qmp.BlockImageSize;
import io.jvirt.qemu.qmp.BlockIoStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Disks as {@code domblklist}, {@code domblkinfo} and {@code domblkstat} show them, from the
 * definition and QEMU's typed answers (pure). A disk is found in QEMU's answers by the node
 * name the argv gives its format layer, {@code TARGET-fmt}.
 */
public final class BlockViews {
    private BlockViews() {
    }

    /** The node name of a disk's top layer, as {@code DiskArgs} names it. */
    public static String nodeName(DiskDef disk) {
        return disk.target().dev() + "-fmt";
    }

    /** The disks of a definition ({@code domblklist}). */
    public static List<DomainBlock> list(DomainDef def) {
        List<DomainBlock> out = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            out.add(new DomainBlock(d.type().xml(), d.device().xml(), d.target().dev(), source(d)));
        }
        return out;
    }

    /** What virsh shows as a disk's source: the file or device, else pool/volume, else nothing. */
    public static String source(DiskDef d) {
        if (d.source() != null && d.volume() == null) {
            return d.source();
        }
        if (d.volume() != null) {
            return d.volume().volume();
        }
        return null;
    }

    /**
     * The disk a user named, by target or by source path, as libvirt's virDomainDiskByName.
     *
     * @return empty when the definition has no such disk
     */
    public static Optional<DiskDef> find(DomainDef def, String name) {
        for (DiskDef d : def.devices().disks()) {
            if (d.target().dev().equals(name) || name.equals(d.source())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** QEMU's counters of a disk. */
    public static Optional<BlockIoStats> stats(List<BlockIoStats> all, DiskDef disk) {
        String node = nodeName(disk);
        return all.stream().filter(s -> node.equals(s.nodeName())).findFirst();
    }

    /** QEMU's sizes of a disk's image. */
    public static Optional<BlockImageSize> size(List<BlockImageSize> all, DiskDef disk) {
        String node = nodeName(disk);
        return all.stream().filter(s -> node.equals(s.nodeName())).findFirst();
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
        boolean qcow2 = disk.driver() != null && disk.driver().format() == DiskDriver.Format.QCOW2
                && disk.type() != DiskDef.Type.BLOCK;
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
