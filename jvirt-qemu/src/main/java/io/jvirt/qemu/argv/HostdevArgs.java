package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.HostdevDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.RomDef;
import io.jvirt.conf.domain.TeamingDef;
import io.jvirt.conf.domain.VirtioModel;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders host devices as libvirt's qemuBuildHostdevCommandLine does for QEMU 7.2: PCI devices and
 * mediated devices as {@code vfio-pci}, USB devices as {@code usb-host} on their {@code /dev/bus/usb}
 * node, SCSI LUNs as {@code scsi-generic} over a {@code host_device} (or {@code iscsi}) block node,
 * vhost-scsi targets as {@code vhost-scsi-pci}. Network cards of type hostdev come first, as in
 * libvirt, whose host device list starts with them; ids are their user aliases, else {@code hostdevN}
 * in that order.
 */
final class HostdevArgs {

    private HostdevArgs() {
    }

    static void add(List<String> argv, Layout layout, List<InterfaceDef> interfaces, List<HostdevDef> hostdevs,
                    LaunchContext ctx) {
        int n = 0;
        for (InterfaceDef i : interfaces) {
            if (i.backend() instanceof NetBackend.Hostdev h) {
                String id = i.options().alias() != null ? i.options().alias() : "hostdev" + n++;
                TeamingDef t = i.options().teaming();
                Opts o = switch (h.source()) {
                    case HostdevSource.Pci p -> pci(layout, p, id, i.bootOrder(),
                            t == null ? null : t.persistent(), i.address(), i.options().rom());
                    case HostdevSource.Usb u -> usb(layout, u, id, i.bootOrder(), i.address(), "interface " + i.mac());
                    case HostdevSource.Scsi s -> throw new IllegalStateException("a SCSI network card");
                    case HostdevSource.ScsiHost s -> throw new IllegalStateException("a vhost-scsi network card");
                    case HostdevSource.Mdev m -> throw new IllegalStateException("a mediated network card");
                };
                argv.add("-device");
                argv.add(o.add("acpi-index", i.options().acpiIndex()).toString());
            }
        }
        for (HostdevDef h : hostdevs) {
            String id = h.alias() != null ? h.alias() : "hostdev" + n++;
            if (h.address() instanceof Address.Unassigned) {
                continue; // libvirt binds it to VFIO but gives it to no guest; it keeps its number
            }
            Opts o = switch (h.source()) {
                case HostdevSource.Pci p -> pci(layout, p, id, h.bootOrder(),
                        h.teaming() == null ? null : h.teaming().persistent(), h.address(), h.rom());
                case HostdevSource.Usb u -> usb(layout, u, id, h.bootOrder(), h.address(), h.describe());
                case HostdevSource.Scsi s -> scsi(argv, layout, h, s, id, ctx);
                case HostdevSource.ScsiHost s -> layout.pci(Opts.of((s.model() == null ? VirtioModel.VIRTIO
                        : s.model()).device("vhost-scsi-pci")).add("wwpn", s.wwpn()).add("id", id), h.address());
                case HostdevSource.Mdev m -> {
                    // QEMU has the ramfb boot display only on the device that cannot be hot-unplugged
                    boolean ramfb = Boolean.TRUE.equals(m.ramfb());
                    Opts mdev = Opts.of(ramfb ? "vfio-pci-nohotplug" : "vfio-pci").add("id", id)
                            .add("sysfsdev", "/sys/bus/mdev/devices/" + m.uuid()).onOff("display", m.display())
                            .onOff("ramfb", ramfb ? Boolean.TRUE : null);
                    layout.pci(mdev, h.address());
                    yield NetArgs.rom(mdev, h.rom());
                }
            };
            argv.add("-device");
            argv.add(o.add("acpi-index", h.acpiIndex()).toString());
        }
    }

    private static Opts pci(Layout layout, HostdevSource.Pci p, String id, Integer boot, String failoverPair,
                            Address address, RomDef rom) {
        Opts o = Opts.of("vfio-pci").add("host", p.host().sysfsName()).add("id", id).add("bootindex", boot)
                .add("failover_pair_id", failoverPair);
        layout.pci(o, address);
        return NetArgs.rom(o, rom);
    }

    private static Opts usb(Layout layout, HostdevSource.Usb u, String id, Integer boot, Address address,
                            String what) {
        if (!u.hasAddress()) {
            throw new ArgvException(Kind.CONFLICT, "The " + what + " has no host bus and device number; the daemon "
                    + "finds them by vendor and product before QEMU starts.");
        }
        Boolean guestReset = null;
        Boolean guestResetsAll = null;
        if (u.guestReset() != null) {
            switch (u.guestReset()) {
                case OFF -> guestReset = false;
                case UNINITIALIZED -> {
                    guestReset = true;
                    guestResetsAll = false;
                }
                case ON -> {
                    guestReset = true;
                    guestResetsAll = true;
                }
            }
        }
        Opts o = Opts.of("usb-host").add("hostdevice", String.format("/dev/bus/usb/%03d/%03d", u.bus(), u.device()))
                .add("id", id).add("bootindex", boot).onOff("guest-reset", guestReset)
                .onOff("guest-resets-all", guestResetsAll);
        return layout.usb(o, address);
    }

    private static Opts scsi(List<String> argv, Layout layout, HostdevDef h, HostdevSource.Scsi s, String id,
                             LaunchContext ctx) {
        String node = id + "-backend";
        Opts backend = switch (s.target()) {
            case HostdevSource.ScsiAdapter a -> {
                String sg = ctx.host().scsiGeneric().get(a.sysfsName());
                if (sg == null) {
                    throw new ArgvException(Kind.CONFLICT, "The " + h.describe() + " has no /dev/sg device; the "
                            + "daemon finds it in sysfs before QEMU starts.");
                }
                yield Opts.empty().add("driver", "host_device").add("filename", sg);
            }
            case HostdevSource.Iscsi i -> {
                if (i.authUsername() != null) {
                    throw new ArgvException(Kind.UNSUPPORTED, "The " + h.describe() + " authenticates as '"
                            + i.authUsername() + "' with a libvirt secret; jvirt has no secret store, so it cannot "
                            + "give QEMU the CHAP password.");
                }
                yield Opts.empty().add("driver", "iscsi").add("portal", i.host() + ":" + (i.port() == null ? 3260
                        : i.port())).add("target", i.iqn()).add("lun", i.lun()).add("transport", "tcp")
                        .add("initiator-name", i.initiatorIqn());
            }
        };
        argv.add("-blockdev");
        argv.add(backend.add("node-name", node).onOff("read-only", h.readonly()).toString());
        Address.Drive a = (Address.Drive) h.address();
        if (a == null) {
            throw new IllegalStateException("a SCSI host device without a drive address passed the address check");
        }
        ControllerDef c = layout.controller(ControllerDef.Type.SCSI, a.controller());
        Opts o = Opts.of("scsi-generic").add("drive", node).add("id", id);
        if (ControllerArgs.scsiIdIsUnit(c)) {
            if (a.target() != 0 || a.unit() > 6) {
                throw new ArgvException(Kind.CONFLICT, "The " + h.describe() + " on an " + c.model().xml()
                        + " controller needs target 0 and a unit from 0 to 6.");
            }
            o.add("bus", layout.controllerId(ControllerDef.Type.SCSI, a.controller()) + "." + a.bus()).add("scsi-id", a.unit());
        } else {
            o.add("bus", layout.controllerId(ControllerDef.Type.SCSI, a.controller()) + ".0").add("channel", a.bus()).add("scsi-id", a.target())
                    .add("lun", a.unit());
        }
        return o.add("bootindex", h.bootOrder());
    }
}
