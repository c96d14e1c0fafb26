package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.IpAddress;

/**
 * An {@code <ip>} of an interface: on the host side of an ethernet tap (inside {@code <source>}),
 * or the guest side of a user-mode network ({@code -netdev user,net=}).
 *
 * @param address the address
 * @param prefix the prefix length, or null
 * @param peer the peer address of a point-to-point link, or null
 */
public record NicIp(IpAddress address, Integer prefix, IpAddress peer) {

    /** Validates the prefix against the family. */
    public NicIp {
        Checks.required(address, "The <ip> address");
        Checks.range(prefix, 0, address.isIpv4() ? 32 : 128, "The <ip> prefix");
        if (peer != null && peer.family() != address.family()) {
            throw new ConfException(Kind.CONFLICT, "The <ip> peer " + peer + " is not of the address's family.");
        }
    }
}
