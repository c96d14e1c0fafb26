package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a virtual network is connected to the outside: one variant per supported
 * {@code <forward mode>}, plus {@link Isolated} for a network without {@code <forward>}.
 * Adding a variant makes every switch over this interface fail to compile until it handles it.
 */
public sealed interface ForwardDef {

    /** Returns the mode. */
    ForwardMode mode();

    /** Returns the host interface forwarding is restricted to ({@code <forward dev>}), or null. */
    String dev();

    /** No {@code <forward>}: the network is isolated from the outside. */
    record Isolated() implements ForwardDef {
        @Override
        public ForwardMode mode() {
            return ForwardMode.ISOLATED;
        }

        @Override
        public String dev() {
            return null;
        }
    }

    /**
     * {@code <forward mode='nat'>}.
     *
     * @param dev the only host interface traffic may leave by, or null for any
     * @param nat the translation settings; never null
     */
    record Nat(String dev, NatDef nat) implements ForwardDef {

        /** Checks the interface name and fills in default NAT settings. */
        public Nat {
            ConfChecks.ifname(dev, "The forward device");
            nat = nat == null ? NatDef.DEFAULT : nat;
        }

        @Override
        public ForwardMode mode() {
            return ForwardMode.NAT;
        }
    }

    /**
     * {@code <forward mode='route'>}.
     *
     * @param dev the only host interface traffic may leave by, or null for any
     */
    record Route(String dev) implements ForwardDef {

        /** Checks the interface name. */
        public Route {
            ConfChecks.ifname(dev, "The forward device");
        }

        @Override
        public ForwardMode mode() {
            return ForwardMode.ROUTE;
        }
    }

    /** {@code <forward mode='open'>}: routed, and the host adds no firewall rules. */
    record Open() implements ForwardDef {
        @Override
        public ForwardMode mode() {
            return ForwardMode.OPEN;
        }

        @Override
        public String dev() {
            return null;
        }
    }

    /**
     * {@code <forward mode='bridge'>}: guests join an existing host bridge named by
     * {@code <bridge name>}, or get macvtap devices on the listed host interfaces.
     *
     * @param interfaces the host interfaces of a macvtap pool ({@code <interface dev>}), or empty
     *     when the network names a bridge
     */
    record Bridge(List<String> interfaces) implements ForwardDef {

        /** Checks the interface names. */
        public Bridge {
            interfaces = ConfChecks.list(interfaces);
            Set<String> seen = new HashSet<>();
            for (String i : interfaces) {
                ConfChecks.ifname(i, "The forward interface");
                if (!seen.add(i)) {
                    throw new ConfException(Kind.DUPLICATE,
                            "The forward interface '" + i + "' is listed more than once.");
                }
            }
        }

        @Override
        public ForwardMode mode() {
            return ForwardMode.BRIDGE;
        }

        /** Returns the first pool interface, which libvirt also shows as {@code <forward dev>}, or null. */
        @Override
        public String dev() {
            return interfaces.isEmpty() ? null : interfaces.getFirst();
        }
    }
}
