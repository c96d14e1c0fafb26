package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders disks as a {@code -blockdev} pair (protocol node {@code <dev>-file}, format node
 * {@code <dev>-fmt}) plus a front-end {@code -device}. An empty CD-ROM gets only the device.
 * A {@code volume} disk must arrive resolved (its file filled in by the daemon).
 */
final class DiskArgs {

    private DiskArgs() {
    }

    static void add(List<String> argv, Layout layout, DiskDef d, Integer bootIndex) {
        String dev = d.target().dev();
        DiskDriver dr = d.driver();
        DiskDriver.Cache cache = dr == null ? null : dr.cache();
        String discard = dr == null || dr.discard() == null ? null : switch (dr.discard()) {
            case UNMAP -> "unmap";
            case IGNORE -> "ignore";
        };
        if (d.type() == DiskDef.Type.VOLUME && d.source() == null && d.volume() != null) {
            throw new ArgvException(Kind.UNSUPPORTED, "The disk '" + dev + "' names volume '" + d.volume().volume()
                    + "' of pool '" + d.volume().pool() + "', which has not been resolved to a file; only jvirtd can "
                    + "start such a domain.");
        }
        boolean hasMedia = d.source() != null;
        if (hasMedia) {
            String protocol = switch (d.type()) {
                // the daemon resolves a volume to its file: dir and fs pools keep volumes as files
                case FILE, VOLUME -> "file";
                case BLOCK -> switch (d.device()) {
                    case DISK -> "host_device";
                    case CDROM -> "host_cdrom";
                };
            };
            String aio = dr == null || dr.io() == null ? null : switch (dr.io()) {
                case THREADS -> "threads";
                case NATIVE -> "native";
                case IO_URING -> "io_uring";
            };
            Opts file = Opts.empty().add("driver", protocol).add("filename", d.source())
                    .add("node-name", dev + "-file").add("auto-read-only", "on").add("discard", discard);
            cacheOpts(file, cache).add("aio", aio);
            argv.add("-blockdev");
            argv.add(file.toString());
            String format = dr == null || dr.format() == null ? "raw" : dr.format().xml();
            Opts fmt = Opts.empty().add("node-name", dev + "-fmt").onOff("read-only", d.effectivelyReadonly())
                    .add("discard", discard);
            cacheOpts(fmt, cache).add("driver", format).add("file", dev + "-file");
            argv.add("-blockdev");
            argv.add(fmt.toString());
        }
        String drive = hasMedia ? dev + "-fmt" : null;
        Boolean writeCache = cache == null ? null : switch (cache) {
            case DEFAULT, NONE, WRITEBACK, UNSAFE -> true;
            case WRITETHROUGH, DIRECTSYNC -> false;
        };
        boolean cdrom = d.device() == DiskDef.Device.CDROM;
        String what = "disk '" + dev + "'";
        Opts device = switch (d.target().bus()) {
            case VIRTIO -> layout.pci(Opts.of("virtio-blk-pci"), d.address())
                    .add("drive", drive).add("id", "virtio-disk" + d.target().index());
            case SATA -> {
                Address.Drive a = Layout.drive(d);
                if (a.bus() != 0 || a.target() != 0 || a.unit() > 5) {
                    throw new ArgvException(Kind.CONFLICT, "The SATA " + what
                            + " needs a drive address with bus 0, target 0 and a unit from 0 to 5.");
                }
                yield Opts.of(cdrom ? "ide-cd" : "ide-hd").add("bus", ControllerArgs.sataBus(layout, a.controller(),
                        a.unit())).add("drive", drive).add("id", "sata" + a.controller() + "-0-" + a.unit());
            }
            case IDE -> {
                Address.Drive a = Layout.drive(d);
                if (a.bus() > 1 || a.target() != 0 || a.unit() > 1) {
                    throw new ArgvException(Kind.CONFLICT, "The IDE " + what
                            + " needs a drive address with bus 0 or 1, target 0 and unit 0 or 1.");
                }
                yield Opts.of(cdrom ? "ide-cd" : "ide-hd").add("bus", "ide." + a.bus()).add("unit", a.unit())
                        .add("drive", drive).add("id", "ide0-" + a.bus() + "-" + a.unit());
            }
            case SCSI -> scsi(layout, d, cdrom, drive, what);
        };
        device.add("bootindex", bootIndex).add("serial", d.serial())
                .onOff("write-cache", writeCache);
        if (d.shareable()) {
            device.add("share-rw", "on");
        }
        argv.add("-device");
        argv.add(device.toString());
    }

    /** The QEMU id of a disk's device, as {@link #add} gives it. */
    static String deviceId(Layout layout, DiskDef d) {
        return switch (d.target().bus()) {
            case VIRTIO -> "virtio-disk" + d.target().index();
            case SATA -> {
                Address.Drive a = Layout.drive(d);
                yield "sata" + a.controller() + "-0-" + a.unit();
            }
            case IDE -> {
                Address.Drive a = Layout.drive(d);
                yield "ide0-" + a.bus() + "-" + a.unit();
            }
            case SCSI -> {
                Address.Drive a = Layout.drive(d);
                ControllerDef c = layout.controller(ControllerDef.Type.SCSI, a.controller());
                yield c.model() == ControllerDef.Model.LSILOGIC ? "scsi" + a.controller() + "-" + a.bus() + "-"
                        + a.unit() : "scsi" + a.controller() + "-" + a.bus() + "-" + a.target() + "-" + a.unit();
            }
        };
    }

    private static Opts scsi(Layout layout, DiskDef d, boolean cdrom, String drive, String what) {
        Address.Drive a = Layout.drive(d);
        ControllerDef c = layout.controller(ControllerDef.Type.SCSI, a.controller());
        Opts o = Opts.of(cdrom ? "scsi-cd" : "scsi-hd");
        if (ControllerArgs.scsiIdIsUnit(c)) {
            // the LSI family: one bus per channel, the unit is the SCSI id
            if (a.target() != 0 || a.unit() > 6) {
                throw new ArgvException(Kind.CONFLICT, "The SCSI " + what + " on an " + c.model().xml()
                        + " controller needs target 0 and a unit from 0 to 6.");
            }
            o.add("bus", "scsi" + a.controller() + "." + a.bus()).add("scsi-id", a.unit());
        } else {
            if (a.target() > 255 || a.unit() > 16383) {
                throw new ArgvException(Kind.CONFLICT, "The SCSI " + what
                        + " needs a target up to 255 and a unit up to 16383.");
            }
            o.add("bus", "scsi" + a.controller() + ".0").add("channel", a.bus()).add("scsi-id", a.target())
                    .add("lun", a.unit());
        }
        // libvirt's ids: controller-bus-unit on lsilogic, controller-bus-target-unit elsewhere
        String id = c.model() == ControllerDef.Model.LSILOGIC ? "scsi" + a.controller() + "-" + a.bus() + "-" + a.unit()
                : "scsi" + a.controller() + "-" + a.bus() + "-" + a.target() + "-" + a.unit();
        return o.add("drive", drive).add("id", id);
    }

    private static Opts cacheOpts(Opts o, DiskDriver.Cache cache) {
        if (cache == null) {
            return o;
        }
        boolean direct = switch (cache) {
            case NONE, DIRECTSYNC -> true;
            case DEFAULT, WRITEBACK, WRITETHROUGH, UNSAFE -> false;
        };
        boolean noFlush = cache == DiskDriver.Cache.UNSAFE;
        return o.onOff("cache.direct", direct).onOff("cache.no-flush", noFlush);
    }
}
