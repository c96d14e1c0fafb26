package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

/**
 * Gives the address a VNC or SPICE display with {@code <listen type='network'>} listens on:
 * the libvirt network's own IPv4 address, as libvirt's qemuProcessGraphicsSetupNetworkAddress
 * finds it. Implemented by the network service.
 */
public interface DisplayNetworks {

    /**
     * Returns the network's IPv4 address.
     *
     * @param network the network name
     * @param forWhat the display, for messages ("The VNC display of domain 'x'")
     * @return the address
     * @throws DaemonException when the network does not exist, is not active or has no IPv4 address
     */
    String address(String network, String forWhat);

    /** A daemon without the network driver. */
    DisplayNetworks NONE = (network, forWhat) -> {
        throw new DaemonException(ErrorCode.UNSUPPORTED, forWhat + " listens on network '" + network
                + "', but this daemon runs without networks.");
    };
}
