package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.IommuDef;
import io.jvirt.conf.domain.LeaseDef;
import io.jvirt.conf.domain.PanicDef;
import io.jvirt.conf.domain.ShmemDef;
import io.jvirt.conf.domain.VsockDef;
import io.jvirt.conf.domain.WatchdogDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders the platform devices as libvirt does for QEMU 7.2: the VM generation id, the IOMMU, the
 * watchdog and its action, the panic notifiers, shared memory and vsock.
 */
final class PlatformArgs {

    private PlatformArgs() {
    }

    /** jvirt has no lock manager: a domain with a {@code <lease>} does not start. */
    static void refuseLeases(List<LeaseDef> leases) {
        if (!leases.isEmpty()) {
            throw new ArgvException(Kind.UNSUPPORTED, "The domain holds the lease '" + leases.getFirst().key()
                    + "', which needs a lock manager (libvirt's sanlock plugin); jvirt has none, so remove <lease>.");
        }
    }

    /** {@code -device vmgenid}: the generation id Windows reads to notice a snapshot revert. */
    static void genid(List<String> argv, DomainDef def) {
        if (def.genid() != null) {
            argv.add("-device");
            argv.add(Opts.of("vmgenid").add("guid", def.genid().toString()).add("id", "vmgenid0").toString());
        }
    }

    /** The IOMMU comes before every other device, which it then translates for. */
    static void iommu(List<String> argv, Layout layout, IommuDef i) {
        if (i == null) {
            return;
        }
        Opts o = switch (i.model()) {
            case INTEL -> Opts.of("intel-iommu").add("id", "iommu0").onOff("intremap", i.intremap())
                    .onOff("caching-mode", i.cachingMode()).onOff("eim", i.eim()).onOff("device-iotlb", i.iotlb())
                    .add("aw-bits", i.awBits());
            case VIRTIO -> layout.pci(Opts.of("virtio-iommu").add("id", "iommu0"), i.address());
            case SMMUV3 -> throw new IllegalStateException("an smmuv3 IOMMU passed the definition's checks");
        };
        argv.add("-device");
        argv.add(o.toString());
    }

    static void watchdog(List<String> argv, Layout layout, WatchdogDef w) {
        if (w == null) {
            return;
        }
        if (w.action() == WatchdogDef.Action.DUMP) {
            throw new ArgvException(Kind.UNSUPPORTED, "The watchdog action 'dump' has libvirt write a core dump and "
                    + "go on; jvirt has no dump writer, so use 'pause' (and dump with QMP) or 'reset'.");
        }
        switch (w.model()) {
            case I6300ESB -> {
                argv.add("-device");
                argv.add(layout.pci(Opts.of("i6300esb").add("id", "watchdog0"), w.address()).toString());
            }
            case IB700 -> {
                argv.add("-device");
                argv.add(Opts.of("ib700").add("id", "watchdog0").toString());
            }
            case ITCO -> {
                // the q35's ICH9 has the TCO watchdog built in; QEMU only keeps it from rebooting by default
                argv.add("-global");
                argv.add("ICH9-LPC.noreboot=off");
            }
            case DIAG288 -> throw new IllegalStateException("a diag288 watchdog passed the definition's checks");
        }
        argv.add("-watchdog-action");
        argv.add(w.action().xml());
    }

    /** The ISA and PCI panic devices; the Hyper-V one is the CPU flag {@code hv-crash} ({@link MachineArgs}). */
    static void panics(List<String> argv, Layout layout, List<PanicDef> panics) {
        for (PanicDef p : panics) {
            switch (p.model()) {
                case ISA -> {
                    Integer port = p.address() instanceof Address.Isa isa ? isa.iobase() : null;
                    argv.add("-device");
                    argv.add(Opts.of("pvpanic").add("ioport", port).toString());
                }
                case PVPANIC -> {
                    argv.add("-device");
                    argv.add(layout.pci(Opts.of("pvpanic-pci").add("id", "panic0"), p.address()).toString());
                }
                case HYPERV -> {
                    // a CPU feature
                }
                case PSERIES, S390 -> throw new IllegalStateException("a " + p.model().xml()
                        + " panic device passed the definition's checks");
            }
        }
    }

    static void shmems(List<String> argv, Layout layout, List<ShmemDef> shmems, LaunchContext ctx) {
        for (int i = 0; i < shmems.size(); i++) {
            ShmemDef s = shmems.get(i);
            String id = "shmem" + i;
            Opts dev = Opts.of(s.model().xml()).add("id", id);
            switch (s.model()) {
                case IVSHMEM_PLAIN -> {
                    String mem = "shmmem-" + id;
                    argv.add("-object");
                    argv.add(Opts.of("memory-backend-file").add("id", mem).add("mem-path", "/dev/shm/" + s.name())
                            .add("size", s.sizeBytes()).add("share", "on").toString());
                    dev.add("memdev", mem).add("master", s.role() == null ? null : switch (s.role()) {
                        case MASTER -> "on";
                        case PEER -> "off";
                    });
                }
                case IVSHMEM_DOORBELL -> dev.add("chardev", "char" + id).add("vectors", s.vectors())
                        .onOff("ioeventfd", s.ioeventfd());
                case IVSHMEM -> throw new IllegalStateException("a legacy ivshmem passed the definition's checks");
            }
            argv.add("-device");
            argv.add(layout.pci(dev, s.address()).toString());
            if (s.server()) {
                CharSource client = new CharSource(new CharBackend.Unix(CharSource.Mode.CONNECT,
                        s.effectiveServerPath(), null));
                Chardevs.add(argv, "char" + id, client, null, false, ctx);
            }
        }
    }

    static void vsock(List<String> argv, Layout layout, VsockDef v) {
        if (v == null) {
            return;
        }
        if (v.cid() == null) {
            throw new ArgvException(Kind.CONFLICT, "The vsock device has no guest CID; the daemon picks a free one "
                    + "before QEMU starts.");
        }
        Opts o = NetArgs.virtio(Opts.of(v.model().device("vhost-vsock-pci")), v.options()).add("id", "vsock0")
                .add("guest-cid", v.cid());
        argv.add("-device");
        argv.add(layout.pci(o, v.address()).toString());
    }
}
