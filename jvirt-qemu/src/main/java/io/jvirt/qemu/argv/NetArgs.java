package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import java.util.List;

/** Renders network interfaces as a {@code -netdev} back end and a NIC {@code -device}. */
final class NetArgs {

    /** The NIC libvirt uses on x86 when the XML names no model. */
    static final InterfaceDef.Model DEFAULT_MODEL = InterfaceDef.Model.RTL8139;

    private NetArgs() {
    }

    /** The QEMU id of a network card, as used by {@code set_link}: its alias, else {@code netN} by its position. */
    static String nicId(InterfaceDef n, int i) {
        return n.alias() != null ? n.alias() : "net" + i;
    }

    /**
     * A network or bridge card is backed by the tap device the network driver created and
     * named in {@code <target dev>}; QEMU opens it by name and runs no scripts.
     */
    private static Opts tap(InterfaceDef n, String netdev) {
        if (n.targetDev() == null) {
            throw new ArgvException(ArgvException.Kind.CONFLICT, "The interface '" + n.mac() + "' of type '"
                    + n.backend().type() + "' has no tap device; the network driver names it in <target dev> "
                    + "before QEMU starts.");
        }
        return Opts.of("tap").add("id", netdev).add("ifname", n.targetDev()).add("script", "no")
                .add("downscript", "no");
    }

    static void add(List<String> argv, Layout layout, List<InterfaceDef> interfaces) {
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceDef n = interfaces.get(i);
            String id = nicId(n, i);
            String netdev = "host" + id;
            Opts backend = switch (n.backend()) {
                case NetBackend.User u -> Opts.of("user").add("id", netdev);
                case NetBackend.Network net -> tap(n, netdev);
                case NetBackend.Bridge br -> tap(n, netdev);
            };
            argv.add("-netdev");
            argv.add(backend.toString());
            InterfaceDef.Model model = n.model() == null ? DEFAULT_MODEL : n.model();
            String driver = switch (model) {
                case VIRTIO -> "virtio-net-pci";
                case E1000 -> "e1000";
                case E1000E -> "e1000e";
                case RTL8139 -> "rtl8139";
                case VMXNET3 -> "vmxnet3";
            };
            Opts dev = Opts.of(driver).add("netdev", netdev).add("id", id).add("mac", n.mac());
            if (n.mtu() != null && model == InterfaceDef.Model.VIRTIO) {
                dev.add("host_mtu", n.mtu());
            }
            layout.pci(dev, n.address()).add("bootindex", n.bootOrder());
            argv.add("-device");
            argv.add(dev.toString());
        }
    }
}
