package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code --disk} options into disks and the volumes to create, as virt-install does:
 * an existing file or block device, a volume ({@code vol=POOL/NAME}), a new image of
 * {@code size=} GiB in a pool ({@code pool=}, default {@code default}) or at a path inside a
 * pool's directory, a thin overlay ({@code backing_store=}), CD-ROMs and floppies, a network disk
 * ({@code source.protocol=}). {@link DiskTargets} then names their targets.
 */
final class DiskOptions {
    private static final long GIB = 1L << 30;
    private static final Set<String> BUSES = Set.of("virtio", "sata", "scsi", "ide", "usb", "fdc", "sd", "xen");
    private static final Set<String> DEVICES = Set.of("disk", "cdrom", "floppy", "lun");
    private static final Set<String> CACHES = Set.of("none", "writethrough", "writeback", "directsync", "unsafe",
            "default");
    private static final Set<String> IOS = Set.of("native", "threads", "io_uring");
    /** The sub-options that go straight into a {@link Disk}, in the order they are read. */
    private static final SubTable<Disk> DISK = SubTable.<Disk>of()
            .add(SubKey.oneOf(BUSES, "bus", "target.bus"), (d, v) -> d.bus = v)
            .add(SubKey.text("target", "target.dev"), (d, v) -> d.target = v)
            .add(SubKey.oneOf(CACHES, "cache", "driver.cache"), (d, v) -> d.cache = v)
            .add(SubKey.oneOf(IOS, "io", "driver.io"), (d, v) -> d.io = v)
            .add(SubKey.oneOf(Set.of("unmap", "ignore"), "discard", "driver.discard"), (d, v) -> d.discard = v)
            .add(SubKey.oneOf(Set.of("on", "off", "unmap"), "detect_zeroes", "driver.detect_zeroes"),
                    (d, v) -> d.detectZeroes = v)
            .add(SubKey.text("serial"), (d, v) -> d.serial = v)
            .add(SubKey.number(1, Integer.MAX_VALUE, "driver.iothread"), (d, v) -> d.iothread = v)
            .add(SubKey.number(1, 1024, "driver.queues"), (d, v) -> d.queues = v)
            .add(SubKey.oneOf(Set.of("stop", "report", "ignore", "enospace"), "driver.error_policy", "error_policy"),
                    (d, v) -> d.errorPolicy = v)
            .add(SubKey.number(1, 65535, "boot.order", "boot_order"), (d, v) -> d.bootOrder = v.intValue())
            .add(SubKey.oneOf(Set.of("ro", "sh", "rw"), "perms"), (d, v) -> {
                d.readonly = v.equals("ro");
                d.shareable = v.equals("sh");
            })
            .add(SubKey.yesNo("readonly"), (d, v) -> d.readonly |= v)
            .add(SubKey.yesNo("shareable"), (d, v) -> d.shareable |= v)
            .add(SubKey.yesNo("removable"), (d, v) -> d.removable = v)
            .build();
    private static final SubKey.Choice DEVICE = SubKey.oneOf(DEVICES, "device");
    private static final SubKey.YesNo SPARSE = SubKey.yesNo("sparse");

    /**
     * One disk being planned.
     */
    static final class Disk {
        String device = "disk";
        String type = "file";
        String path;
        /** The {@code <source>} of a network disk ({@code source.protocol=}), else null. */
        XmlOut networkSource;
        String format;
        String bus;
        String target;
        String cache;
        String io;
        String discard;
        String detectZeroes;
        Long iothread;
        Long queues;
        String errorPolicy;
        String serial;
        Integer bootOrder;
        boolean readonly;
        boolean shareable;
        boolean removable;
        boolean ejectAfterInstall;
    }

    private final GuestSpec g;
    private final HostFacts host;
    private final Problems p;
    private final List<Disk> disks = new ArrayList<>();
    private final List<NewVolume> volumes = new ArrayList<>();
    private final Map<String, Long> needed = new HashMap<>();
    private final Set<String> takenNames = new HashSet<>();

    DiskOptions(GuestSpec g, HostFacts host, Problems p) {
        this.g = g;
        this.host = host;
        this.p = p;
    }

    /** Returns the disks, in order. */
    List<Disk> disks() {
        return disks;
    }

    /** Returns the volumes to create. */
    List<NewVolume> volumes() {
        return volumes;
    }

    /**
     * Reads one {@code --disk} value.
     *
     * @param text the value
     */
    void read(String text) {
        SubOptions o = SubOptions.parse("--disk", text);
        String bare = o.bare();
        if ("none".equals(bare)) {
            o.reportUnused(p);
            return;
        }
        Disk d = new Disk();
        String path = o.get("path");
        path = path != null ? path : bare;
        String device = DEVICE.read(o, p);
        d.device = device != null ? device : "disk";
        String pool = o.get("pool");
        String vol = o.get("vol");
        String sizeText = o.get("size");
        String format = o.get("format", "driver.type");
        String backing = o.get("backing_store");
        String backingFormat = o.get("backing_format");
        DISK.fill(o, p, d);
        Boolean sparse = SPARSE.read(o, p);
        XmlOut network = networkSource(o);
        o.reportUnused(p);
        Double size = null;
        if (sizeText != null) {
            try {
                size = Double.parseDouble(sizeText);
                if (size <= 0) {
                    p.bad("--disk size=" + sizeText + " is not a positive size in GiB.");
                    size = null;
                }
            } catch (NumberFormatException e) {
                p.bad("--disk size='" + sizeText + "' is not a size in GiB, such as size=20 or size=0.5.");
            }
        }
        if (network != null) {
            d.type = "network";
            d.networkSource = network;
        } else if (vol != null) {
            volume(d, vol);
        } else if (path != null) {
            existingOrNew(d, Path.of(path).toAbsolutePath().normalize(), size, format, backing, backingFormat,
                    sparse);
        } else if (size != null || pool != null || backing != null) {
            newInPool(d, pool == null ? "default" : pool, null, size, format, backing, backingFormat, sparse);
        } else if (d.device.equals("disk")) {
            p.bad("--disk '" + text + "' names no storage; give a path, vol=POOL/NAME, or size=GiB for a new image.");
            return;
        }
        if (format != null && d.format == null) {
            d.format = format;
        }
        if (d.device.equals("cdrom")) {
            d.readonly = true;
        }
        disks.add(d);
    }

    /**
     * virt-install's {@code source.protocol=nbd|http|https|iscsi|rbd|...,source.name=,
     * source.hostN.name=,source.hostN.port=,source.hostN.transport=,source.hostN.socket=}: a disk
     * QEMU reaches over the network; null without {@code source.protocol}.
     */
    private XmlOut networkSource(SubOptions o) {
        String protocol = o.get("source.protocol");
        if (protocol == null) {
            return null;
        }
        XmlOut src = XmlOut.element("source").attr("protocol", protocol).attr("name", o.get("source.name"));
        SubTable.numbered(o, p, 16, "host", i -> SubTable.element()
                .texts("source.host" + i + ".", SubTable::attr, "name", "port", "transport", "socket")
                .build()).forEach(src::child);
        return src;
    }

    private void volume(Disk d, String vol) {
        int slash = vol.indexOf('/');
        if (slash <= 0) {
            p.bad("--disk vol='" + vol + "' is not POOL/VOLUME.");
            return;
        }
        String poolName = vol.substring(0, slash);
        String name = vol.substring(slash + 1);
        HostFacts.PoolFact pool = host.pool(poolName);
        if (pool == null) {
            p.add(InstallException.Kind.NOT_FOUND, "The storage pool '" + poolName
                    + "' does not exist; list pools with jvirt pool-list --all.");
            return;
        }
        if (!pool.volumes().contains(name)) {
            p.add(InstallException.Kind.NOT_FOUND, "The pool '" + poolName + "' has no volume '" + name
                    + "'; list them with jvirt vol-list " + poolName + ".");
            return;
        }
        Path file = pool.path().resolve(name);
        d.path = file.toString();
        d.format = host.file(file).format();
    }

    private void existingOrNew(Disk d, Path file, Double size, String format, String backing, String backingFormat,
                               Boolean sparse) {
        HostFacts.FileFact f = host.file(file);
        if (f.exists() && f.directory()) {
            p.bad("--disk path " + file + " is a directory; give an image file or a block device.");
            return;
        }
        if (f.exists()) {
            d.path = file.toString();
            if (f.blockDevice()) {
                d.type = "block";
                d.format = "raw";
                if (d.device.equals("disk")) {
                    d.discard = d.discard == null ? "unmap" : d.discard;
                    d.cache = d.cache == null ? "none" : d.cache;
                    d.io = d.io == null ? "native" : d.io;
                }
            } else {
                d.format = d.device.equals("cdrom") ? "raw" : f.format();
            }
            if (size != null && f.format() != null) {
                d.format = format != null ? format : d.format;
            }
            return;
        }
        if (d.device.equals("cdrom") || d.device.equals("floppy") || (size == null && backing == null)) {
            p.add(InstallException.Kind.NOT_FOUND, "The disk image " + file
                    + " does not exist; give size=GiB to create it, or the path of an existing image.");
            return;
        }
        HostFacts.PoolFact pool = null;
        for (HostFacts.PoolFact candidate : host.pools()) {
            if (candidate.path() != null && candidate.path().equals(file.getParent())) {
                pool = candidate;
            }
        }
        if (pool == null) {
            p.bad("The directory " + file.getParent() + " of the new disk " + file.getFileName()
                    + " is not a storage pool; define one (jvirt pool-define-as NAME dir --target "
                    + file.getParent() + ") or use pool=NAME,size=GiB.");
            return;
        }
        newInPool(d, pool.name(), file.getFileName().toString(), size, format, backing, backingFormat, sparse);
    }

    private void newInPool(Disk d, String poolName, String name, Double size, String format, String backing,
                           String backingFormat, Boolean sparse) {
        HostFacts.PoolFact pool = host.pool(poolName);
        if (pool == null) {
            p.add(InstallException.Kind.NOT_FOUND, "The storage pool '" + poolName + "' does not exist; define it "
                    + "(the default pool exists once jvirtd has started) or name another with pool=NAME.");
            return;
        }
        String fmt = format != null ? format : "qcow2";
        if (!fmt.equals("qcow2") && !fmt.equals("raw")) {
            p.bad("--disk format=" + fmt + " cannot be created by jvirt install; use qcow2 or raw.");
            return;
        }
        if (name == null) {
            String base = g.name == null ? "disk" : g.name;
            String ext = fmt.equals("raw") ? ".img" : ".qcow2";
            name = base + ext;
            for (int i = 1; pool.volumes().contains(name) || takenNames.contains(poolName + "/" + name); i++) {
                name = base + "-" + i + ext;
            }
        } else if (pool.volumes().contains(name) || takenNames.contains(poolName + "/" + name)) {
            p.add(InstallException.Kind.IN_USE, "The pool '" + poolName + "' already has a volume '" + name
                    + "'; use it with vol=" + poolName + "/" + name + " or choose another name.");
            return;
        }
        takenNames.add(poolName + "/" + name);
        Path backingPath = null;
        String bfmt = null;
        long capacity = size == null ? 0 : (long) Math.ceil(size * GIB);
        if (backing != null) {
            if (fmt.equals("raw")) {
                p.bad("--disk backing_store needs format=qcow2 (a raw image cannot have a backing file).");
                return;
            }
            backingPath = Path.of(backing);
            if (!backing.contains("/") && !host.file(backingPath.toAbsolutePath()).exists()
                    && pool.volumes().contains(backing)) {
                backingPath = pool.path().resolve(backing);
            }
            backingPath = backingPath.toAbsolutePath().normalize();
            HostFacts.FileFact bf = host.file(backingPath);
            if (!bf.exists()) {
                p.add(InstallException.Kind.NOT_FOUND, "The backing image " + backing
                        + " does not exist; give its path or the name of a volume in the pool '" + poolName + "'.");
                return;
            }
            bfmt = backingFormat != null ? backingFormat : bf.format();
            if (capacity == 0) {
                capacity = bf.virtualSizeBytes();
            }
        }
        boolean isSparse = sparse == null || sparse;
        Path file = pool.path().resolve(name);
        volumes.add(new NewVolume(poolName, name, file, capacity, fmt, backingPath, bfmt, isSparse));
        needed.merge(poolName, isSparse && backingPath != null ? 0 : capacity, Long::sum);
        d.path = file.toString();
        d.format = fmt;
        if (isSparse && d.discard == null) {
            d.discard = "unmap";
        }
    }

    /**
     * Checks the pools' free space against the new disks (virt-install's {@code --check disk_size}).
     */
    void checkSpace() {
        needed.forEach((poolName, bytes) -> {
            HostFacts.PoolFact pool = host.pool(poolName);
            if (pool != null && bytes > pool.availableBytes()) {
                p.add(InstallException.Kind.NO_SPACE, String.format(
                        "The new disks need %.1f GiB in the pool '%s', which has %.1f GiB free; give smaller sizes, "
                                + "another pool=, or --check disk_size=off to overcommit.",
                        bytes / (double) GIB, poolName, pool.availableBytes() / (double) GIB));
            }
        });
    }

    /**
     * The element of a disk.
     *
     * @param d the disk
     * @param withMedium false to leave the medium out (an install CD-ROM after the install)
     * @return the element
     */
    static XmlOut xml(Disk d, boolean withMedium) {
        boolean empty = d.path == null && d.networkSource == null || !withMedium;
        XmlOut x = XmlOut.element("disk").attr("type", d.type).attr("device", d.device);
        if (!empty || d.cache != null || d.io != null || d.discard != null) {
            XmlOut drv = XmlOut.element("driver").attr("name", "qemu").attr("type", empty ? null : d.format)
                    .attr("cache", d.cache).attr("io", d.io).attr("discard", d.discard)
                    .attr("detect_zeroes", d.detectZeroes).attr("iothread", d.iothread).attr("queues", d.queues)
                    .attr("error_policy", d.errorPolicy);
            x.child(drv);
        }
        if (!empty) {
            x.child(d.networkSource != null ? d.networkSource
                    : XmlOut.element("source").attr(d.type.equals("block") ? "dev" : "file", d.path));
        }
        x.child(XmlOut.element("target").attr("dev", d.target).attr("bus", d.bus)
                .onOff("removable", d.removable ? Boolean.TRUE : null));
        if (d.readonly) {
            x.child(XmlOut.element("readonly"));
        }
        if (d.shareable) {
            x.child(XmlOut.element("shareable"));
        }
        x.textChild("serial", d.serial);
        if (d.bootOrder != null) {
            x.child(XmlOut.element("boot").attr("order", d.bootOrder));
        }
        return x;
    }
}
