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

    private static ArgvException unsupported(InterfaceDef n, String type) {
        return new ArgvException(ArgvException.Kind.UNSUPPORTED, "The interface '" + n.mac() + "' of type '" + type
                + "' needs a tap device from the network driver, which this QEMU driver cannot use yet; "
                + "use type 'user' for now.");
    }

    static void add(List<String> argv, Layout layout, List<InterfaceDef> interfaces) {
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceDef n = interfaces.get(i);
            String netdev = "hostnet" + i;
            Opts backend = switch (n.backend()) {
                case NetBackend.User u -> Opts.of("user").add("id", netdev);
                case NetBackend.Network net -> throw unsupported(n, "network");
                case NetBackend.Bridge br -> throw unsupported(n, "bridge");
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
            Opts dev = Opts.of(driver).add("netdev", netdev).add("id", "net" + i).add("mac", n.mac());
            layout.pci(dev, n.address(), "interface '" + n.mac() + "'").add("bootindex", n.bootOrder());
            argv.add("-device");
            argv.add(dev.toString());
        }
    }
}
