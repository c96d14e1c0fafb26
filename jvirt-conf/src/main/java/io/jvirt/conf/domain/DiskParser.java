package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ScaledUnits;
import io.jvirt.conf.domain.DiskDef.Device;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code <disk>} element into a {@link DiskDef}, filling in what libvirt fills in: type
 * file, device disk, driver name qemu, format fat for a directory (a disk without a format stays
 * without one, QEMU opens it as raw; libvirt would write raw), the bus from the device and target name, read-only for a CD-ROM, the default port of
 * a TCP network host, encryption engine qemu, and snapshot='no' for a vhost-user disk. The
 * storage source of the disk and of each backing layer is read by {@link StorageSourceParser}.
 */
final class DiskParser {

    private DiskParser() {
    }

    static DiskDef disk(XmlCursor c) {
        DiskSource.Type type = c.enumAttr("type", DiskSource.Type.class);
        DiskSource.Type t = type == null ? DiskSource.Type.FILE : type;
        Device device = c.enumAttr("device", Device.class);
        Device dv = device == null ? Device.DISK : device;
        DiskDef.Model model = c.enumAttr("model", DiskDef.Model.class);
        DiskDef.SnapshotMode snapshot = c.enumAttr("snapshot", DiskDef.SnapshotMode.class);
        Boolean rawio = c.yesNoAttr("rawio");
        DiskDef.Sgio sgio = c.enumAttr("sgio", DiskDef.Sgio.class);

        DiskFormat format = null;
        Long metadataCache = null;
        DiskDriver driver = DiskDriver.QEMU;
        XmlCursor dr = c.child("driver");
        if (dr != null) {
            format = dr.enumAttr("type", DiskFormat.class);
            metadataCache = metadataCache(dr);
            driver = driver(dr);
        }
        // libvirt writes type='raw' for a disk without one; jvirt keeps "undeclared" so that a start
        // can refuse a file whose signature says it is not raw (the daemon's UndeclaredFormats)
        if (format == null && t == DiskSource.Type.DIR) {
            format = DiskFormat.FAT;
        }

        XmlCursor src = c.child("source");
        DiskDef.StartupPolicy startupPolicy = null;
        Integer index = null;
        if (src != null) {
            startupPolicy = src.enumAttr("startupPolicy", DiskDef.StartupPolicy.class);
            index = src.intAttr("index", Integer.MAX_VALUE);
        }
        XmlCursor diskAuth = c.child("auth");
        XmlCursor diskEnc = c.child("encryption");
        StorageSourceParser.Layer top = StorageSourceParser.layer(t, src, format, metadataCache, index);
        DiskAuth auth = top.auth();
        if (diskAuth != null) {
            if (auth != null) {
                throw diskAuth.error(Kind.DUPLICATE, "<auth> is given both in <disk> and in its <source>; keep one.");
            }
            auth = StorageSourceParser.auth(diskAuth);
        }
        DiskEncryption encryption = top.encryption();
        if (diskEnc != null) {
            if (encryption != null) {
                throw diskEnc.error(Kind.DUPLICATE,
                        "<encryption> is given both in <disk> and in its <source>; keep one.");
            }
            encryption = StorageSourceParser.encryption(diskEnc);
        }
        BackingStore backing = StorageSourceParser.backingStore(c.child("backingStore"));
        // a running block job's target (blockcopy, active commit): libvirt reads it only from a
        // running domain's status and drops it from a definition, and so does jvirt
        c.child("mirror");
        StorageSource s = top.source(auth, encryption, backing);

        XmlCursor tg = c.requireChild("target");
        String dev = tg.requireAttr("dev");
        DiskTarget.Bus bus = bus(tg);
        DiskTarget.Tray tray = tg.enumAttr("tray", DiskTarget.Tray.class);
        Boolean removable = tg.onOffAttr("removable");
        Integer rotation = tg.intAttr("rotation_rate", 65535);
        tg.finish();
        DiskTarget.Bus effectiveBus = bus != null ? bus : DiskTarget.Bus.infer(dev, dv == Device.FLOPPY);
        DiskTarget target = tg.build(() -> new DiskTarget(dev, effectiveBus, tray, removable, rotation));

        DiskGeometry geometry = geometry(c.child("geometry"));
        DiskBlockIo blockio = blockio(c.child("blockio"));
        IoTune iotune = iotune(c.child("iotune"));
        boolean readonly = c.flag("readonly") || dv == Device.CDROM;
        boolean shareable = c.flag("shareable");
        DiskDef.Transient transientDisk = null;
        XmlCursor tr = c.child("transient");
        if (tr != null) {
            transientDisk = new DiskDef.Transient(tr.yesNoAttr("shareBacking"));
            tr.finish();
        }
        String serial = serial(c.child("serial"));
        String wwn = c.childText("wwn");
        String vendor = c.childText("vendor");
        String product = c.childText("product");
        XmlCursor boot = c.child("boot");
        Integer bootOrder = null;
        String loadparm = null;
        if (boot != null) {
            boot.requireAttr("order");
            bootOrder = boot.intAttr("order", 65535);
            loadparm = boot.attr("loadparm");
            // libvirt keeps a loadparm in upper case
            loadparm = loadparm == null ? null : loadparm.toUpperCase(Locale.ROOT);
            boot.finish();
        }
        String alias = alias(c);
        Address address = AddressParser.address(c.child("address"));
        if (t == DiskSource.Type.VHOSTUSER && snapshot == null) {
            snapshot = DiskDef.SnapshotMode.NO;
        }
        c.finish();
        DiskDef.Builder b = new DiskDef.Builder().device(dv).model(model).rawio(rawio).sgio(sgio).snapshot(snapshot)
                .driver(driver).source(s).startupPolicy(startupPolicy).secretsOnDisk(diskAuth != null, diskEnc != null)
                .geometry(geometry).blockio(blockio).target(target).iotune(iotune).readonly(readonly)
                .shareable(shareable).transientDisk(transientDisk).serial(serial).wwn(wwn).vendor(vendor)
                .product(product).bootOrder(bootOrder).loadparm(loadparm).alias(alias).address(address);
        return c.build(b::build);
    }

    private static DiskTarget.Bus bus(XmlCursor tg) {
        String v = tg.attr("bus");
        if (v == null) {
            return null;
        }
        if (v.equals("xen") || v.equals("uml") || v.equals("sd")) {
            throw tg.error(Kind.UNSUPPORTED, "The disk bus '" + v + "' does not exist on x86 QEMU machines; use "
                    + "virtio, scsi, sata, ide, usb or fdc.");
        }
        return tg.build(() -> {
            DiskTarget.Bus b = XmlEnum.fromXml(DiskTarget.Bus.class, v);
            if (b == null) {
                throw tg.invalid("bus", v, "expected one of " + XmlEnum.allowed(DiskTarget.Bus.class));
            }
            return b;
        });
    }

    private static DiskDriver driver(XmlCursor dr) {
        String name = dr.attr("name");
        DiskDriver.Cache cache = dr.enumAttr("cache", DiskDriver.Cache.class);
        DiskDriver.ErrorPolicy error = dr.enumAttr("error_policy", DiskDriver.ErrorPolicy.class);
        DiskDriver.ErrorPolicy rerror = dr.enumAttr("rerror_policy", DiskDriver.ErrorPolicy.class);
        DiskDriver.Io io = dr.enumAttr("io", DiskDriver.Io.class);
        Boolean ioeventfd = dr.onOffAttr("ioeventfd");
        Boolean eventIdx = dr.onOffAttr("event_idx");
        Boolean copyOnRead = dr.onOffAttr("copy_on_read");
        DiskDriver.Discard discard = dr.enumAttr("discard", DiskDriver.Discard.class);
        Integer iothread = dr.intAttr("iothread", Integer.MAX_VALUE);
        DiskDriver.DetectZeroes detect = dr.enumAttr("detect_zeroes", DiskDriver.DetectZeroes.class);
        Integer queues = dr.intAttr("queues", Integer.MAX_VALUE);
        Integer queueSize = dr.intAttr("queue_size", Integer.MAX_VALUE);
        VirtioOptions virtio = VirtioOptions.read(dr);
        dr.finish();
        return dr.build(() -> new DiskDriver(name, cache, error, rerror, io, ioeventfd, eventIdx, copyOnRead, discard,
                iothread, detect, queues, queueSize, virtio));
    }

    /** Reads {@code <metadata_cache><max_size unit>N</max_size></metadata_cache>} of a driver or format element. */
    static Long metadataCache(XmlCursor parent) {
        XmlCursor mc = parent.child("metadata_cache");
        if (mc == null) {
            return null;
        }
        XmlCursor max = mc.child("max_size");
        Long bytes = null;
        if (max != null) {
            String unit = max.attr("unit");
            long n = max.longText(Long.MAX_VALUE);
            max.finish();
            long m = unit == null || unit.equals("b") || unit.equals("bytes") ? 1 : ScaledUnits.multiplier(unit);
            if (m < 0) {
                throw max.invalid("unit", unit, "expected bytes, KiB, MiB, GiB or another libvirt size unit");
            }
            if (n > Long.MAX_VALUE / m) {
                throw max.error(Kind.INVALID_VALUE, "The metadata cache max_size is too large.");
            }
            bytes = n * m;
        }
        mc.finish();
        return bytes;
    }

    private static DiskGeometry geometry(XmlCursor g) {
        if (g == null) {
            return null;
        }
        Integer cyls = g.intAttr("cyls", Integer.MAX_VALUE);
        Integer heads = g.intAttr("heads", Integer.MAX_VALUE);
        Integer secs = g.intAttr("secs", Integer.MAX_VALUE);
        DiskGeometry.Trans trans = g.enumAttr("trans", DiskGeometry.Trans.class);
        g.finish();
        if (cyls == null || heads == null || secs == null) {
            throw g.error(Kind.MISSING_VALUE, "<geometry> needs cyls, heads and secs.");
        }
        return g.build(() -> new DiskGeometry(cyls, heads, secs, trans));
    }

    private static DiskBlockIo blockio(XmlCursor b) {
        if (b == null) {
            return null;
        }
        Integer logical = b.intAttr("logical_block_size", Integer.MAX_VALUE);
        Integer physical = b.intAttr("physical_block_size", Integer.MAX_VALUE);
        b.finish();
        return b.build(() -> new DiskBlockIo(logical, physical));
    }

    private static IoTune iotune(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(IoTune.BEFORE_GROUP);
        names.addAll(IoTune.AFTER_GROUP);
        for (String n : names) {
            XmlCursor x = c.child(n);
            if (x != null) {
                limits.put(n, x.longText(Long.MAX_VALUE));
                x.finish();
            }
        }
        String group = c.childText("group_name");
        c.finish();
        if (limits.values().stream().allMatch(v -> v == 0) && group == null) {
            return null;
        }
        return c.build(() -> new IoTune(limits, group));
    }

    private static String serial(XmlCursor s) {
        if (s == null) {
            return null;
        }
        String text = s.untrimmedText();
        s.finish();
        return text;
    }

    /**
     * Reads {@code <alias name>}: only a user alias ({@code ua-...}) is kept; one libvirt assigned
     * to a running domain is dropped, as libvirt drops it from a definition.
     */
    static String alias(XmlCursor device) {
        XmlCursor a = device.child("alias");
        if (a == null) {
            return null;
        }
        String name = a.requireAttr("name");
        a.finish();
        return name.startsWith("ua-") ? name : null;
    }

    /**
     * Applies what libvirt does to a domain's disks after reading them all: each disk is inserted
     * after the disks of its bus with a lower target index ({@code virDomainDiskInsert}), and a
     * disk that names an iotune group without limits takes the limits of the first disk of that
     * group that has them.
     *
     * @param devices every device read, in any order of kinds
     * @return the devices with the disks reordered and completed
     */
    static List<DeviceDef> postParse(List<DeviceDef> devices) {
        List<DiskDef> ordered = new ArrayList<>();
        for (DeviceDef dev : devices) {
            if (dev instanceof DiskDef disk) {
                insert(ordered, disk);
            }
        }
        List<DiskDef> expanded = new ArrayList<>();
        for (DiskDef disk : ordered) {
            expanded.add(withGroupLimits(disk, ordered));
        }
        List<DeviceDef> out = new ArrayList<>(devices.stream().filter(d -> !(d instanceof DiskDef)).toList());
        out.addAll(expanded);
        return out;
    }

    private static void insert(List<DiskDef> disks, DiskDef disk) {
        int insertAt = -1;
        int index = disk.target().index();
        for (int i = disks.size() - 1; i >= 0; i--) {
            DiskDef other = disks.get(i);
            if (other.target().bus() != disk.target().bus()) {
                continue;
            }
            if (other.target().index() > index) {
                insertAt = i;
            } else if (insertAt == -1) {
                insertAt = i + 1;
            }
        }
        disks.add(insertAt < 0 ? disks.size() : insertAt, disk);
    }

    private static DiskDef withGroupLimits(DiskDef disk, List<DiskDef> all) {
        IoTune t = disk.iotune();
        if (t == null || t.groupName() == null || t.hasLimits()) {
            return disk;
        }
        for (DiskDef other : all) {
            IoTune o = other.iotune();
            if (o != null && t.groupName().equals(o.groupName()) && o.hasLimits()) {
                return disk.toBuilder().iotune(t.withLimitsOf(o)).build();
            }
        }
        return disk;
    }
}
