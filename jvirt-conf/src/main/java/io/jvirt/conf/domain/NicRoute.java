package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.IpAddress;

/**
 * A {@code <route>} of an ethernet interface's host side: traffic for a network goes through the tap
 * to a gateway in the guest.
 *
 * @param address the destination network
 * @param prefix its prefix length, or null
 * @param gateway the gateway
 * @param metric the route metric, or null
 */
public record NicRoute(IpAddress address, Integer prefix, IpAddress gateway, Integer metric) {

    /** Validates the families. */
    public NicRoute {
        Checks.required(address, "The <route> address");
        Checks.required(gateway, "The <route> gateway");
        Checks.range(prefix, 0, address.isIpv4() ? 32 : 128, "The <route> prefix");
        if (gateway.family() != address.family()) {
            throw new ConfException(Kind.CONFLICT, "The <route> gateway " + gateway
                    + " is not of the destination's family.");
        }
    }
}
