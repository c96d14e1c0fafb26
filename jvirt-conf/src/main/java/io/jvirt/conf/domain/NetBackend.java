package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
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
     */
    record Network(String network, String portgroup) implements NetBackend {
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
         * A port in the network's default port group.
         *
         * @param network the network name
         */
        public Network(String network) {
            this(network, null);
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
}
