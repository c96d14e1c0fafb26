package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
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
     * {@code type='network'} with {@code <source network>}: a port on a managed virtual network.
     *
     * @param network the network name
     */
    record Network(String network) implements NetBackend {
        private static final Pattern NAME = Pattern.compile("[^/\\p{Cntrl}]{1,200}");

        /** Validates the name. */
        public Network {
            Checks.required(network, "The interface <source network>");
            if (!NAME.matcher(network).matches() || network.equals(".") || network.equals("..")) {
                throw new ConfException(Kind.INVALID_VALUE, "The network name '" + Checks.printable(network)
                        + "' is not valid; it must be 1 to 200 characters without '/' or control characters.");
            }
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
        private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

        /** Validates the interface name. */
        public Bridge {
            Checks.required(bridge, "The interface <source bridge>");
            if (!IFNAME.matcher(bridge).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The bridge name '" + Checks.printable(bridge)
                        + "' is not a valid interface name; use 1 to 15 letters, digits, '_', '.', ':' or '-'.");
            }
        }

        @Override
        public String type() {
            return "bridge";
        }
    }
}
