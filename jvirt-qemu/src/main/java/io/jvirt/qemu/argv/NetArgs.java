package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.InterfaceOptions;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.NetDriver;
import io.jvirt.conf.domain.NicIp;
import io.jvirt.conf.domain.RomDef;
import io.jvirt.conf.domain.VirtioOptions;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders network interfaces as a {@code -netdev} back end and a NIC {@code -device}, as
 * libvirt's qemuBuildHostNetProps and qemuBuildNicDevProps do for QEMU 7.2. Cards of type
 * hostdev are VFIO devices: {@link HostdevArgs} renders them with the other host devices.
 */
final class NetArgs {

    /** The NIC libvirt uses on x86 when the XML names no model. */
    static final InterfaceDef.Model DEFAULT_MODEL = InterfaceDef.Model.RTL8139;

    /** Whether jvirt gives guests shared memory, which vhost-user back ends need: not yet. */
    private static final boolean SHARED_GUEST_MEMORY = false;

    private NetArgs() {
    }

    /** The QEMU id of a network card: its user alias, else {@code netN} by its position. */
    static String nicId(InterfaceDef n, int i) {
        return n.options().alias() != null ? n.options().alias() : "net" + i;
    }

    static void add(List<String> argv, Layout layout, List<InterfaceDef> interfaces, BootIndexes boot,
            LaunchContext ctx) {
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceDef n = interfaces.get(i);
            if (n.backend() instanceof NetBackend.Hostdev) {
                continue;
            }
            String id = nicId(n, i);
            String netdev = "host" + id;
            Opts backend = switch (n.backend()) {
                case NetBackend.User u -> user(n, netdev);
                case NetBackend.Network net -> tap(n, netdev);
                case NetBackend.Bridge br -> tap(n, netdev);
                case NetBackend.Ethernet e -> tap(n, netdev);
                case NetBackend.Direct d -> macvtap(n, netdev, ctx.host().tapFds().get(i));
                case NetBackend.VhostUser v -> vhostUser(argv, n, v, id, netdev);
                case NetBackend.Socket s -> socket(s, netdev);
                case NetBackend.Vdpa v -> Opts.of("vhost-vdpa").add("id", netdev).add("vhostdev", v.dev())
                        .add("queues", queues(n));
                case NetBackend.Hostdev h -> throw new IllegalStateException("rendered as a host device");
            };
            argv.add("-netdev");
            argv.add(backend.toString());
            argv.add("-device");
            argv.add(device(layout, n, id, netdev, boot).toString());
        }
    }

    private static Opts user(InterfaceDef n, String netdev) {
        Opts o = Opts.of("user").add("id", netdev);
        for (NicIp ip : n.options().ips()) {
            if (ip.address().isIpv4()) {
                o.add("net", ip.address() + (ip.prefix() == null || ip.prefix() == 0 ? "" : "/" + ip.prefix()));
            } else {
                o.add("ipv6-prefix", ip.address().toString())
                        .add("ipv6-prefixlen", ip.prefix() == null || ip.prefix() == 0 ? null : ip.prefix());
            }
        }
        return o;
    }

    /**
     * A network, bridge or ethernet card is backed by the tap device the network driver created (or
     * the user made, {@code managed='no'}) and named in {@code <target dev>}; QEMU opens it by name
     * and runs no scripts.
     */
    private static Opts tap(InterfaceDef n, String netdev) {
        if (n.targetDev() == null) {
            throw new ArgvException(Kind.CONFLICT, "The interface '" + n.mac() + "' of type '"
                    + n.backend().type() + "' has no tap device; the network driver names it in <target dev> "
                    + "before QEMU starts.");
        }
        InterfaceOptions o = n.options();
        if (o.backendTap() != null || o.backendVhost() != null) {
            throw new ArgvException(Kind.UNSUPPORTED, "The interface '" + n.mac() + "' names other devices to open "
                    + "in <backend tap vhost>; jvirt lets QEMU open its tap by name and /dev/vhost-net itself, so "
                    + "remove <backend>.");
        }
        return Opts.of("tap").add("id", netdev).add("ifname", n.targetDev()).add("script", "no")
                .add("downscript", "no").add("vhost", vhost(n)).add("queues", queues(n)).add("sndbuf", o.sndbuf());
    }

    /** A macvtap has no tap name QEMU could open: the daemon opens {@code /dev/tapN} and QEMU inherits it. */
    private static Opts macvtap(InterfaceDef n, String netdev, Integer fd) {
        if (fd == null) {
            throw new ArgvException(Kind.CONFLICT, "The interface '" + n.mac() + "' of type 'direct' has no macvtap "
                    + "descriptor; the network driver opens it before QEMU starts.");
        }
        if (queues(n) != null) {
            throw new ArgvException(Kind.UNSUPPORTED, "The interface '" + n.mac() + "' asks for " + queues(n)
                    + " queues; jvirt passes a macvtap to QEMU with one queue, so remove 'queues'.");
        }
        return Opts.of("tap").add("id", netdev).add("fd", fd).add("vhost", vhost(n))
                .add("sndbuf", n.options().sndbuf());
    }

    /**
     * A vhost-user back end maps the guest's RAM, which must therefore be shared memory
     * ({@code <memoryBacking><access mode='shared'/>}); jvirt does not set up shared guest memory
     * yet, so such a card is refused rather than started with a back end that cannot work.
     */
    private static Opts vhostUser(List<String> argv, InterfaceDef n, NetBackend.VhostUser v, String id,
                                  String netdev) {
        if (!SHARED_GUEST_MEMORY) {
            throw new ArgvException(Kind.UNSUPPORTED, "The vhost-user interface '" + n.mac() + "' needs the guest's "
                    + "memory shared with its back end (<memoryBacking><access mode='shared'/>), which jvirt does not "
                    + "set up yet; use a tap-based interface (network, bridge or ethernet) instead.");
        }
        String chardev = "char" + id;
        Opts c = Opts.of("socket").add("id", chardev).add("path", v.path());
        if (v.server()) {
            c.add("server", "on").add("wait", "off");
        } else if (v.reconnect() != null && v.reconnect().enabled()) {
            c.add("reconnect", v.reconnect().timeout());
        }
        argv.add("-chardev");
        argv.add(c.toString());
        return Opts.of("vhost-user").add("chardev", chardev).add("queues", queues(n)).add("id", netdev);
    }

    private static Opts socket(NetBackend.Socket s, String netdev) {
        String where = (s.address() == null ? "" : s.address().toString()) + ":" + s.port();
        Opts o = Opts.of("socket");
        switch (s.kind()) {
            case SERVER -> o.add("listen", where);
            case CLIENT -> o.add("connect", where);
            case MCAST -> o.add("mcast", where);
            case UDP -> o.add("udp", where).add("localaddr", s.localAddress() + ":" + s.localPort());
        }
        return o.add("id", netdev);
    }

    /** {@code vhost=on} when the driver asks for vhost-net (QEMU opens /dev/vhost-net; the daemon checks it). */
    private static String vhost(InterfaceDef n) {
        NetDriver d = n.options().driver();
        return d != null && d.name() == NetDriver.Name.VHOST ? "on" : null;
    }

    private static Integer queues(InterfaceDef n) {
        NetDriver d = n.options().driver();
        return d != null && d.queues() != null && d.queues() > 1 ? d.queues() : null;
    }

    private static Opts device(Layout layout, InterfaceDef n, String id, String netdev, BootIndexes boot) {
        InterfaceDef.Model model = n.model() == null ? DEFAULT_MODEL : n.model();
        Opts dev = Opts.of(model.device());
        if (model.isVirtio()) {
            NetDriver d = n.options().driver();
            virtio(dev, d == null ? VirtioOptions.NONE : d.options());
            if (d != null) {
                dev.add("tx", d.txmode() == null ? null : switch (d.txmode()) {
                    case IOTHREAD -> "bh";
                    case TIMER -> "timer";
                }).onOff("ioeventfd", d.ioeventfd()).onOff("event_idx", d.eventIdx());
                if (d.host() != null) {
                    dev.onOff("csum", d.host().csum()).onOff("gso", d.host().gso())
                            .onOff("host_tso4", d.host().tso4()).onOff("host_tso6", d.host().tso6())
                            .onOff("host_ecn", d.host().ecn()).onOff("host_ufo", d.host().ufo())
                            .onOff("mrg_rxbuf", d.host().mrgRxbuf());
                }
                if (d.guest() != null) {
                    dev.onOff("guest_csum", d.guest().csum()).onOff("guest_tso4", d.guest().tso4())
                            .onOff("guest_tso6", d.guest().tso6()).onOff("guest_ecn", d.guest().ecn())
                            .onOff("guest_ufo", d.guest().ufo());
                }
                Integer queues = queues(n);
                if (queues != null) {
                    dev.add("mq", "on").add("vectors", 2 * queues + 2);
                }
                dev.add("rx_queue_size", d.rxQueueSize()).add("tx_queue_size", d.txQueueSize())
                        .onOff("rss", d.rss()).onOff("hash", d.rssHashReport());
            }
            dev.add("host_mtu", n.mtu());
            if (n.options().teaming() != null) {
                dev.add("failover", "on");
            }
        }
        dev.add("netdev", netdev).add("id", id).add("mac", n.mac());
        layout.pci(dev, n.address()).add("bootindex", boot.of(n));
        rom(dev, n.options().rom());
        return dev.add("acpi-index", n.options().acpiIndex());
    }

    /** The virtio transport options every virtio device takes ({@code iommu_platform}, ...). */
    static Opts virtio(Opts o, VirtioOptions v) {
        return o.onOff("iommu_platform", v.iommu()).onOff("ats", v.ats()).onOff("packed", v.packed())
                .onOff("page-per-vq", v.pagePerVq());
    }

    /** {@code rombar} and {@code romfile}, as libvirt's qemuBuildRomProps writes them. */
    static Opts rom(Opts o, RomDef rom) {
        if (rom == null) {
            return o;
        }
        if (rom.disabled()) {
            return o.add("romfile", "");
        }
        return o.add("rombar", rom.bar() == null ? null : rom.bar() ? 1 : 0).add("romfile", rom.file());
    }
}
