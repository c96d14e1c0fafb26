package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskDef.Device;
import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.conf.domain.DiskGeometry;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DiskTarget;
import io.jvirt.conf.domain.VirtioOptions;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders a disk's guest device after its block nodes ({@link BlockdevArgs}): virtio-blk (or
 * vhost-user-blk), ide-hd/ide-cd on IDE and SATA, scsi-hd/scsi-cd/scsi-block, usb-storage and
 * floppy, with libvirt's device ids and properties for QEMU 7.2. A floppy's boot index goes on
 * the floppy controller ({@link #floppyController}).
 */
final class DiskArgs {

    private DiskArgs() {
    }

    static void add(List<String> argv, Layout layout, DiskDef d, BootIndexes boot, SecretObjects secrets,
                    LaunchContext ctx) {
        String dev = d.target().dev();
        String what = "disk '" + dev + "'";
        String drive = BlockdevArgs.add(argv, d, secrets);
        String chardev = null;
        if (d.location() instanceof DiskSource.VhostUser v) {
            chardev = "chr-vu-" + virtioId(d);
            Opts c = Opts.of("socket").add("id", chardev).add("path", v.path())
                    .add("reconnect", Boolean.TRUE.equals(v.reconnectEnabled()) ? v.reconnectSeconds() : null);
            argv.add("-chardev");
            argv.add(c.toString());
        }
        boolean cdrom = d.device() == Device.CDROM;
        DiskDriver dr = d.driver();
        Opts device = switch (d.target().bus()) {
            case VIRTIO -> virtio(layout, d, chardev != null, what);
            case SATA -> {
                Address.Drive a = Layout.drive(d);
                if (a.bus() != 0 || a.target() != 0 || a.unit() > 5) {
                    throw new ArgvException(Kind.CONFLICT, "The SATA " + what
                            + " needs a drive address with bus 0, target 0 and a unit from 0 to 5.");
                }
                yield Opts.of(cdrom ? "ide-cd" : "ide-hd").add("bus", ControllerArgs.sataBus(layout, a.controller(),
                        a.unit())).withId("sata" + a.controller() + "-0-" + a.unit());
            }
            case IDE -> {
                Address.Drive a = Layout.drive(d);
                if (a.bus() > 1 || a.target() != 0 || a.unit() > 1) {
                    throw new ArgvException(Kind.CONFLICT, "The IDE " + what
                            + " needs a drive address with bus 0 or 1, target 0 and unit 0 or 1.");
                }
                yield Opts.of(cdrom ? "ide-cd" : "ide-hd").add("bus", "ide." + a.bus()).add("unit", a.unit())
                        .withId("ide0-" + a.bus() + "-" + a.unit());
            }
            case SCSI -> scsi(layout, d, cdrom, what);
            case USB -> layout.usb(Opts.of("usb-storage"), d.address()).withId("usb-disk" + d.target().index());
            case FDC -> {
                Address.Drive a = Layout.drive(d);
                if (a.controller() != 0 || a.bus() != 0 || a.target() != 0 || a.unit() > 1) {
                    throw new ArgvException(Kind.CONFLICT, "The floppy " + what
                            + " needs a drive address with controller 0, bus 0, target 0 and unit 0 or 1.");
                }
                yield Opts.of("floppy").add("unit", a.unit()).withId("fdc0-0-" + a.unit());
            }
        };
        if (d.target().bus() == DiskTarget.Bus.SCSI && d.device() != Device.LUN) {
            // QEMU used to put the drive's name in the VPD device identification page; libvirt keeps that
            device.add("device_id", d.serial() != null ? d.serial() : "drive-" + device.id());
        }
        if (d.shareable()) {
            device.add("share-rw", "on");
        }
        device.add("drive", drive).add("chardev", chardev).add("id", device.id());
        if (d.device() != Device.FLOPPY) {
            device.add("bootindex", boot.of(d));
        }
        if (d.blockio() != null) {
            device.add("logical_block_size", d.blockio().logicalBlockSize())
                    .add("physical_block_size", d.blockio().physicalBlockSize());
        }
        device.add("wwn", d.wwn() == null ? null : d.wwn().startsWith("0x") ? d.wwn() : "0x" + d.wwn())
                .add("rotation_rate", d.target().rotationRate()).add("vendor", d.vendor()).add("product", d.product());
        if (d.target().bus() == DiskTarget.Bus.USB) {
            device.onOff("removable", d.target().removable() == null ? Boolean.FALSE : d.target().removable());
        }
        if (dr.cache() != null && dr.cache() != DiskDriver.Cache.DEFAULT && d.device() != Device.LUN) {
            device.onOff("write-cache", dr.cache().writeCache());
        }
        DiskGeometry g = d.geometry();
        if (g != null) {
            device.add("cyls", g.cylinders()).add("heads", g.heads()).add("secs", g.sectors())
                    .add("bios-chs-trans", g.trans() == null ? null : g.trans().xml());
        }
        // libvirt escapes spaces in a serial with a backslash, and QEMU keeps the backslash
        device.add("serial", d.serial() == null ? null : d.serial().replace(" ", "\\ "));
        errorPolicy(device, dr);
        argv.add("-device");
        argv.add(device.toString());
    }

    private static Opts virtio(Layout layout, DiskDef d, boolean vhostUser, String what) {
        String model = vhostUser ? "vhost-user-blk-pci" : d.model() == null ? "virtio-blk-pci" : switch (d.model()) {
            case VIRTIO -> "virtio-blk-pci";
            case VIRTIO_TRANSITIONAL -> "virtio-blk-pci-transitional";
            case VIRTIO_NON_TRANSITIONAL -> "virtio-blk-pci-non-transitional";
        };
        DiskDriver dr = d.driver();
        Opts o = Opts.of(model);
        virtioOptions(o, dr.virtio());
        o.add("iothread", dr.iothread() == null ? null : "iothread" + dr.iothread()).onOff("ioeventfd", dr.ioeventfd())
                .onOff("event_idx", dr.eventIdx()).add("num-queues", dr.queues()).add("queue-size", dr.queueSize());
        return layout.pci(o, d.address()).withId(virtioId(d));
    }

    /** Adds virtio options in libvirt's order. */
    static Opts virtioOptions(Opts o, VirtioOptions v) {
        return o.onOff("iommu_platform", v.iommu()).onOff("ats", v.ats()).onOff("packed", v.packed())
                .onOff("page-per-vq", v.pagePerVq());
    }

    private static String virtioId(DiskDef d) {
        return "virtio-disk" + d.target().index();
    }

    private static Opts scsi(Layout layout, DiskDef d, boolean cdrom, String what) {
        Address.Drive a = Layout.drive(d);
        ControllerDef c = layout.controller(ControllerDef.Type.SCSI, a.controller());
        String driver = d.device() == Device.LUN ? "scsi-block" : cdrom ? "scsi-cd" : "scsi-hd";
        Opts o = Opts.of(driver);
        if (ControllerArgs.scsiIdIsUnit(c)) {
            // the LSI family: one bus per channel, the unit is the SCSI id
            if (a.target() != 0 || a.unit() > 6) {
                throw new ArgvException(Kind.CONFLICT, "The SCSI " + what + " on an " + c.model().xml()
                        + " controller needs target 0 and a unit from 0 to 6.");
            }
            o.add("bus", layout.controllerId(ControllerDef.Type.SCSI, a.controller()) + "." + a.bus())
                    .add("scsi-id", a.unit());
        } else {
            if (a.target() > 255 || a.unit() > 16383) {
                throw new ArgvException(Kind.CONFLICT, "The SCSI " + what
                        + " needs a target up to 255 and a unit up to 16383.");
            }
            o.add("bus", layout.controllerId(ControllerDef.Type.SCSI, a.controller()) + ".0").add("channel", a.bus())
                    .add("scsi-id", a.target())
                    .add("lun", a.unit());
        }
        return o.withId(deviceId(layout, d));
    }

    /**
     * Returns the QEMU id of a disk's device, libvirt's alias: {@code virtio-disk0},
     * {@code ide0-1-0}, {@code sata0-0-2}, {@code scsi0-0-0-1} ({@code scsi0-0-1} on lsilogic),
     * {@code usb-disk1}, {@code fdc0-0-0}.
     *
     * @param layout the layout
     * @param d the disk
     * @return the id
     */
    static String deviceId(Layout layout, DiskDef d) {
        return switch (d.target().bus()) {
            case VIRTIO -> virtioId(d);
            case USB -> "usb-disk" + d.target().index();
            case IDE -> {
                Address.Drive a = Layout.drive(d);
                yield "ide0-" + a.bus() + "-" + a.unit();
            }
            case SATA -> {
                Address.Drive a = Layout.drive(d);
                yield "sata" + a.controller() + "-0-" + a.unit();
            }
            case FDC -> "fdc0-0-" + Layout.drive(d).unit();
            case SCSI -> {
                Address.Drive a = Layout.drive(d);
                ControllerDef c = layout.controller(ControllerDef.Type.SCSI, a.controller());
                // libvirt's ids: controller-bus-unit on lsilogic, controller-bus-target-unit elsewhere
                yield c != null && c.model() == ControllerDef.Model.LSILOGIC
                        ? "scsi" + a.controller() + "-" + a.bus() + "-" + a.unit()
                        : "scsi" + a.controller() + "-" + a.bus() + "-" + a.target() + "-" + a.unit();
            }
        };
    }

    private static void errorPolicy(Opts o, DiskDriver dr) {
        String w = dr.errorPolicy() == null ? null : switch (dr.errorPolicy()) {
            case STOP -> "stop";
            case REPORT -> "report";
            case IGNORE -> "ignore";
            case ENOSPACE -> "enospc";
        };
        String r = dr.rerrorPolicy() == null ? null : dr.rerrorPolicy().xml();
        if (r == null && w != null && dr.errorPolicy() != DiskDriver.ErrorPolicy.ENOSPACE) {
            r = w;
        }
        o.add("werror", w).add("rerror", r);
    }

    /**
     * The floppy controller's boot indexes: {@code -global isa-fdc.bootindexA/B} on pc, whose
     * PIIX has one built in; a {@code -device isa-fdc} on q35, which has none.
     */
    static void floppyController(List<String> argv, Layout layout, List<DiskDef> disks, BootIndexes boot) {
        Integer a = null;
        Integer b = null;
        boolean any = false;
        for (DiskDef d : disks) {
            if (d.target().bus() != DiskTarget.Bus.FDC) {
                continue;
            }
            any = true;
            if (Layout.drive(d).unit() == 0) {
                a = boot.of(d);
            } else {
                b = boot.of(d);
            }
        }
        if (!any) {
            return;
        }
        switch (layout.chipset) {
            case Q35 -> {
                argv.add("-device");
                argv.add(Opts.of("isa-fdc").add("bootindexA", a).add("bootindexB", b).toString());
            }
            case I440FX -> {
                if (a != null) {
                    argv.add("-global");
                    argv.add("isa-fdc.bootindexA=" + a);
                }
                if (b != null) {
                    argv.add("-global");
                    argv.add("isa-fdc.bootindexB=" + b);
                }
            }
        }
    }
}
