package io.jvirt.conf.network;

import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <bridge>} element: the host bridge behind a network.
 *
 * @param name the bridge interface name, or null until the daemon assigns one (a network that
 *     owns its bridge) or when a bridge-mode network uses a macvtap pool
 * @param stp whether the Spanning Tree Protocol is on; set (default on) for a network that owns
 *     its bridge, null in bridge mode
 * @param delay the forward delay in seconds; set (default 0) for a network that owns its bridge,
 *     null in bridge mode
 * @param macTableManager who manages the bridge's MAC table, or null for the kernel default
 */
public record BridgeDef(String name, Boolean stp, Integer delay, MacTableManager macTableManager) {

    /** Largest accepted forward delay in seconds. */
    public static final int MAX_DELAY = 65535;

    /** Checks the name and delay. */
    public BridgeDef {
        ConfChecks.ifname(name, "The bridge name");
        ConfChecks.range(delay, 0, MAX_DELAY, "The bridge forward delay");
    }

    /**
     * Returns a copy with another name.
     *
     * @param newName the bridge interface name
     * @return the copy
     */
    public BridgeDef withName(String newName) {
        return new BridgeDef(newName, stp, delay, macTableManager);
    }

    /** The {@code macTableManager} attribute. */
    public enum MacTableManager implements XmlEnum {
        /** The kernel learns and floods, as usual. */
        KERNEL("kernel"),
        /** Learning is off and the manager adds each guest's MAC explicitly. */
        LIBVIRT("libvirt");

        private final String xml;

        MacTableManager(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
