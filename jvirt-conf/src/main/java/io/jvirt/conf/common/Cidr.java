package io.jvirt.conf.common;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * An address with a prefix length, such as {@code 192.168.122.1/24}: an interface address
 * together with the subnet it sits in. The address may have host bits set.
 *
 * @param address the address
 * @param prefix the prefix length, 0 to 32 for IPv4 or 0 to 128 for IPv6
 */
public record Cidr(IpAddress address, int prefix) {

    /** Checks the prefix length against the family. */
    public Cidr {
        ConfChecks.required(address, "The address");
        int bits = address.family().bits();
        if (prefix < 0 || prefix > bits) {
            throw new ConfException(Kind.INVALID_VALUE, "The prefix length " + prefix + " is out of range for "
                    + (address.isIpv4() ? "an IPv4" : "an IPv6") + " address; it must be from 0 to " + bits + ".");
        }
    }

    /**
     * Parses {@code address/prefix}.
     *
     * @param text such as {@code 10.0.0.1/8} or {@code fd00::1/64}
     * @return the value
     * @throws ConfException of kind {@code INVALID_VALUE} when the text is not of that form
     */
    public static Cidr parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1 || text.length() - slash > 4) {
            throw new ConfException(Kind.INVALID_VALUE, "The address and prefix '" + ConfChecks.printable(
                    String.valueOf(text)) + "' is not valid; write an address, '/' and a prefix length, such as "
                    + "192.168.122.1/24.");
        }
        IpAddress a = IpAddress.parse(text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (!p.matches("0|[1-9][0-9]{0,2}")) {
            throw new ConfException(Kind.INVALID_VALUE, "The prefix length '" + ConfChecks.printable(p)
                    + "' is not a number.");
        }
        return new Cidr(a, Integer.parseInt(p));
    }

    /** Returns the address family. */
    public IpFamily family() {
        return address.family();
    }

    /** Returns the first address of the subnet (host bits cleared). */
    public IpAddress network() {
        return address.maskedTo(prefix);
    }

    /** Returns the last address of the subnet (host bits set): the broadcast address for IPv4. */
    public IpAddress last() {
        return address.lastIn(prefix);
    }

    /** Returns the netmask, such as 255.255.255.0 for a /24. */
    public IpAddress netmask() {
        return IpAddress.netmask(address.family(), prefix);
    }

    /**
     * Returns whether an address lies in this subnet.
     *
     * @param other the address
     * @return true when it has this family and the same leading {@code prefix} bits
     */
    public boolean contains(IpAddress other) {
        return other.family() == address.family() && other.maskedTo(prefix).equals(network());
    }

    /**
     * Returns whether an address is an IPv4 subnet's network or broadcast address, which no
     * host may use. Always false for IPv6, and for IPv4 prefixes of 31 and 32, which have none.
     *
     * @param other an address in this subnet
     * @return whether it is reserved
     */
    public boolean isReserved(IpAddress other) {
        return address.isIpv4() && prefix <= 30 && (other.equals(network()) || other.equals(last()));
    }

    /** Returns {@code address/prefix}. */
    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
