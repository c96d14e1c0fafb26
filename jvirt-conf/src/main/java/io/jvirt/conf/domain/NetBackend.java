package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How an {@code <interface>} reaches the outside, chosen by its {@code type} attribute.
 * Each variant is one interface type; adding one makes every switch over this interface
 * fail to compile until it handles the new type.
 */
public sealed interface NetBackend {

    /** Returns the {@code type} attribute value. */
    String type();

    /** {@code type='user'}: QEMU's built-in user-mode NAT (slirp), needs no host privileges. */
    record User() implements NetBackend {
        @Override
        public String type() {
            return "user";
        }
    }

    /**
     * {@code type='network'} with {@code <source network portgroup>}: a port on a managed
     * virtual network.
     *
     * @param network the network name
     * @param portgroup the network's port group to join, or null for its default group
     * @param portid the network port's UUID (live definitions), or null
     */
    record Network(String network, String portgroup, UUID portid) implements NetBackend {
        private static final Pattern NAME = Pattern.compile("[^/\\p{Cntrl}]{1,200}");

        /** Validates the names. */
        public Network {
            Checks.required(network, "The interface <source network>");
            if (!NAME.matcher(network).matches() || network.equals(".") || network.equals("..")) {
                throw new ConfException(Kind.INVALID_VALUE, "The network name '" + Checks.printable(network)
                        + "' is not valid; it must be 1 to 200 characters without '/' or control characters.");
            }
            ConfChecks.portgroupName(portgroup);
        }

        /**
         * A port in a port group of the network.
         *
         * @param network the network name
         * @param portgroup the port group, or null
         */
        public Network(String network, String portgroup) {
            this(network, portgroup, null);
        }

        /**
         * A port in the network's default port group.
         *
         * @param network the network name
         */
        public Network(String network) {
            this(network, null, null);
        }

        @Override
        public String type() {
            return "network";
        }
    }

    /**
     * {@code type='bridge'} with {@code <source bridge>}: a tap device on an existing host bridge.
     *
     * @param bridge the host bridge interface name
     */
    record Bridge(String bridge) implements NetBackend {

        /** Validates the interface name. */
        public Bridge {
            Checks.required(bridge, "The interface <source bridge>");
            ConfChecks.ifname(bridge, "The bridge name");
        }

        @Override
        public String type() {
            return "bridge";
        }
    }

    /**
     * {@code type='ethernet'}: a tap device not attached to anything, which jvirt creates (or finds,
     * with {@code <target dev managed='no'>}); its host side can get addresses and routes.
     *
     * @param hostIps the {@code <source><ip>} addresses of the tap
     * @param hostRoutes the {@code <source><route>}s through the tap
     */
    record Ethernet(List<NicIp> hostIps, List<NicRoute> hostRoutes) implements NetBackend {
        /** Copies the lists. */
        public Ethernet {
            hostIps = hostIps == null ? List.of() : List.copyOf(hostIps);
            hostRoutes = hostRoutes == null ? List.of() : List.copyOf(hostRoutes);
        }

        /** A plain tap without host addresses. */
        public Ethernet() {
            this(List.of(), List.of());
        }

        @Override
        public String type() {
            return "ethernet";
        }
    }

    /**
     * {@code type='direct'} with {@code <source dev mode>}: a macvtap device over a host interface,
     * whose descriptor jvirt opens and passes to QEMU.
     *
     * @param dev the host interface the macvtap sits on
     * @param mode how the macvtap forwards; libvirt's default is vepa
     */
    record Direct(String dev, MacvtapMode mode) implements NetBackend {
        /** Validates the interface name. */
        public Direct {
            Checks.required(dev, "The interface <source dev>");
            ConfChecks.ifname(dev, "The direct interface's host device");
            mode = mode == null ? MacvtapMode.VEPA : mode;
        }

        @Override
        public String type() {
            return "direct";
        }
    }

    /**
     * {@code type='vhostuser'} with {@code <source type='unix' path mode>}: a vhost-user back end
     * (such as a DPDK switch) on a unix socket.
     *
     * @param path the socket
     * @param server whether QEMU listens on it ({@code mode='server'}) rather than connecting
     * @param reconnect how a client reconnects, or null
     */
    record VhostUser(String path, boolean server, CharBackend.Reconnect reconnect) implements NetBackend {
        /** Validates the path. */
        public VhostUser {
            Checks.required(path, "The vhost-user socket path");
            Checks.path(path, "The vhost-user socket path");
            if (server && reconnect != null) {
                throw new ConfException(Kind.CONFLICT, "A vhost-user interface in mode 'server' does not reconnect; "
                        + "remove <reconnect>.");
            }
        }

        @Override
        public String type() {
            return "vhostuser";
        }
    }

    /**
     * {@code type='server'}, {@code 'client'}, {@code 'mcast'} or {@code 'udp'}: QEMU's socket
     * back end, which links guests' cards over TCP, multicast or UDP.
     *
     * @param kind which of the four
     * @param address the IPv4 address (optional for server only)
     * @param port the port
     * @param localAddress the local address of a udp socket, else null
     * @param localPort the local port of a udp socket, else null
     */
    record Socket(SocketKind kind, IpAddress address, int port, IpAddress localAddress, Integer localPort)
            implements NetBackend {
        /** Validates the combination. */
        public Socket {
            Checks.required(kind, "The socket interface type");
            Checks.range(port, 1, 65535, "The interface source port");
            if (address == null && kind != SocketKind.SERVER) {
                throw new ConfException(Kind.MISSING_VALUE, "An interface of type '" + kind.xml()
                        + "' needs a <source address>.");
            }
            if (address != null && !address.isIpv4()) {
                throw new ConfException(Kind.INVALID_VALUE, "The source address of an interface of type '" + kind.xml()
                        + "' must be IPv4, not " + address + ".");
            }
            if (kind == SocketKind.UDP && (localAddress == null || localPort == null)) {
                throw new ConfException(Kind.MISSING_VALUE, "An interface of type 'udp' needs a "
                        + "<source><local address port>.");
            }
            if (kind != SocketKind.UDP && (localAddress != null || localPort != null)) {
                throw new IllegalArgumentException("a local address on a " + kind.xml() + " socket");
            }
            Checks.range(localPort, 1, 65535, "The interface local port");
        }

        @Override
        public String type() {
            return kind.xml();
        }
    }

    /**
     * {@code type='hostdev'}: an SR-IOV virtual function (or a USB network device) assigned to the
     * guest with VFIO; the host sets its MAC address and VLAN through the physical function.
     *
     * @param managed whether jvirt binds the device to vfio-pci at start and back at stop
     * @param source the PCI (or USB) device of the host
     */
    record Hostdev(boolean managed, HostdevSource source) implements NetBackend {
        /** Validates the source kind. */
        public Hostdev {
            Checks.required(source, "The interface's host device <source>");
            if (!(source instanceof HostdevSource.Pci) && !(source instanceof HostdevSource.Usb)) {
                throw new IllegalArgumentException("a network host device must be PCI or USB");
            }
        }

        @Override
        public String type() {
            return "hostdev";
        }
    }

    /**
     * {@code type='vdpa'}: a vhost-vDPA character device of the host.
     *
     * @param dev the device, such as {@code /dev/vhost-vdpa-0}
     */
    record Vdpa(String dev) implements NetBackend {
        /** Validates the path. */
        public Vdpa {
            Checks.required(dev, "The vDPA <source dev>");
            Checks.path(dev, "The vDPA device");
        }

        @Override
        public String type() {
            return "vdpa";
        }
    }

    /** The {@code mode} of a macvtap ({@code <source mode>} of a direct interface). */
    enum MacvtapMode implements XmlEnum {
        /** Every frame goes to the external switch, which must reflect guest-to-guest frames. */
        VEPA("vepa"),
        /** Guests on the same device reach each other directly. */
        BRIDGE("bridge"),
        /** Guests on the same device never reach each other. */
        PRIVATE("private"),
        /** The guest owns the host device (one macvtap per device). */
        PASSTHROUGH("passthrough");

        private final String xml;

        MacvtapMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The four socket interface types. */
    enum SocketKind implements XmlEnum {
        /** QEMU listens for one TCP connection. */
        SERVER("server"),
        /** QEMU connects over TCP. */
        CLIENT("client"),
        /** A UDP multicast group. */
        MCAST("mcast"),
        /** Unicast UDP. */
        UDP("udp");

        private final String xml;

        SocketKind(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
