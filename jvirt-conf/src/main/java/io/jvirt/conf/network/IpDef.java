package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.Cidr;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.IpFamily;

/**
 * An {@code <ip>} element: an address of the network's bridge, the subnet it serves, and
 * optionally DHCP and TFTP for that subnet.
 *
 * @param cidr the bridge's address and the subnet's prefix length, such as 192.168.122.1/24
 * @param netmaskForm whether the prefix is written as {@code netmask} (IPv4 only) rather than {@code prefix}
 * @param localPtr whether reverse lookups for the subnet are answered only locally, or null when not given
 * @param tftpRoot the directory served by TFTP (IPv4 only), or null
 * @param dhcp the DHCP settings, or null when the subnet has no DHCP; an empty block becomes null
 */
public record IpDef(Cidr cidr, boolean netmaskForm, Boolean localPtr, String tftpRoot, DhcpDef dhcp) {

    /** Checks the address against its subnet and every DHCP address against the subnet. */
    public IpDef {
        ConfChecks.required(cidr, "The <ip> address");
        IpAddress a = cidr.address();
        if (cidr.prefix() < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The prefix length 0 is out of range; it must be from 1 to "
                    + a.family().bits() + ".");
        }
        if (netmaskForm && a.isIpv6()) {
            throw new ConfException(Kind.CONFLICT,
                    "The IPv6 address " + a + " cannot have a 'netmask'; give a 'prefix' instead.");
        }
        if (cidr.isReserved(a)) {
            throw new ConfException(Kind.INVALID_VALUE, "The address " + a + " is the "
                    + (a.equals(cidr.network()) ? "network" : "broadcast") + " address of " + cidr.network() + "/"
                    + cidr.prefix() + "; give the bridge a host address.");
        }
        ConfChecks.path(tftpRoot, "The TFTP root");
        if (tftpRoot != null && a.isIpv6()) {
            throw new ConfException(Kind.CONFLICT, "TFTP is available only on an IPv4 address, not on " + a + ".");
        }
        if (dhcp != null && dhcp.isEmpty()) {
            dhcp = null;
        }
        if (dhcp != null) {
            checkDhcp(cidr, dhcp);
        }
    }

    private static void checkDhcp(Cidr cidr, DhcpDef dhcp) {
        String subnet = cidr.network() + "/" + cidr.prefix();
        for (DhcpDef.DhcpRange r : dhcp.ranges()) {
            for (IpAddress end : new IpAddress[] {r.start(), r.end()}) {
                if (!cidr.contains(end)) {
                    throw new ConfException(Kind.INVALID_VALUE, "The DHCP range " + r.start() + " to " + r.end()
                            + " is not entirely within the subnet " + subnet + ".");
                }
                if (cidr.isReserved(end)) {
                    throw new ConfException(Kind.INVALID_VALUE, "The DHCP range " + r.start() + " to " + r.end()
                            + " includes the " + (end.equals(cidr.network()) ? "network" : "broadcast")
                            + " address of " + subnet + ".");
                }
            }
        }
        for (DhcpDef.DhcpHost h : dhcp.hosts()) {
            if (h.ip() == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "The DHCP host " + h.describe() + " needs an 'ip' address.");
            }
            if (cidr.family() == IpFamily.IPV4 ? h.mac() == null && h.name() == null
                    : h.id() == null && h.name() == null) {
                throw new ConfException(Kind.MISSING_VALUE, "The DHCP host " + h.ip() + " needs "
                        + (cidr.family() == IpFamily.IPV4 ? "a 'mac' or a 'name'." : "an 'id' or a 'name'."));
            }
            if (!cidr.contains(h.ip())) {
                throw new ConfException(Kind.INVALID_VALUE, "The DHCP host address " + h.ip()
                        + " is not within the subnet " + subnet + ".");
            }
            if (cidr.isReserved(h.ip()) || h.ip().equals(cidr.address())) {
                throw new ConfException(Kind.INVALID_VALUE, "The DHCP host address " + h.ip() + " is the "
                        + (h.ip().equals(cidr.address()) ? "bridge's own"
                        : h.ip().equals(cidr.network()) ? "network" : "broadcast") + " address.");
            }
        }
        if (dhcp.bootp() != null && cidr.family() == IpFamily.IPV6) {
            throw new ConfException(Kind.CONFLICT, "BOOTP is available only on an IPv4 address, not on "
                    + cidr.address() + ".");
        }
    }

    /** Returns the bridge's address. */
    public IpAddress address() {
        return cidr.address();
    }

    /** Returns the prefix length. */
    public int prefix() {
        return cidr.prefix();
    }

    /** Returns the address family. */
    public IpFamily family() {
        return cidr.family();
    }

    /** Returns whether DHCP is served on this subnet: a {@code <dhcp>} block with a range or a host. */
    public boolean hasDhcp() {
        return dhcp != null && !(dhcp.ranges().isEmpty() && dhcp.hosts().isEmpty());
    }

    /**
     * Returns a copy with other DHCP settings.
     *
     * @param newDhcp the settings, or null
     * @return the copy
     */
    public IpDef withDhcp(DhcpDef newDhcp) {
        return new IpDef(cidr, netmaskForm, localPtr, tftpRoot, newDhcp);
    }
}
