package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.IpAddress;

/**
 * The {@code <nat>} settings of a NAT network: which public addresses and ports translated
 * connections use, and whether IPv6 is translated too.
 *
 * @param addresses the IPv4 addresses to translate to, or null for the outgoing interface's address
 * @param ports the source ports to use, or null for any
 * @param ipv6 whether IPv6 traffic is masqueraded as well ({@code ipv6='yes'}), or null when not given
 */
public record NatDef(AddressRange addresses, PortRange ports, Boolean ipv6) {

    /** No NAT settings: masquerade IPv4 behind the outgoing interface's address. */
    public static final NatDef DEFAULT = new NatDef(null, null, null);

    /** Returns whether nothing is set. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** Returns whether IPv6 is masqueraded too. */
    public boolean natIpv6() {
        return Boolean.TRUE.equals(ipv6);
    }

    /**
     * An inclusive IPv4 address range ({@code <address start end>}).
     *
     * @param start the first address
     * @param end the last address, not before {@code start}
     */
    public record AddressRange(IpAddress start, IpAddress end) {

        /** Checks the family and order. */
        public AddressRange {
            ConfChecks.required(start, "The NAT address range start");
            ConfChecks.required(end, "The NAT address range end");
            if (!start.isIpv4() || !end.isIpv4()) {
                throw new ConfException(Kind.INVALID_VALUE, "The NAT address range " + start + " to " + end
                        + " must consist of IPv4 addresses.");
            }
            if (start.compareTo(end) > 0) {
                throw new ConfException(Kind.INVALID_VALUE, "The NAT address range " + start + " to " + end
                        + " is reversed; its start must not come after its end.");
            }
        }
    }

    /**
     * An inclusive port range ({@code <port start end>}).
     *
     * @param start the first port, 1 to 65535
     * @param end the last port, not below {@code start}
     */
    public record PortRange(int start, int end) {

        /** Checks the bounds and order. */
        public PortRange {
            ConfChecks.range(start, 1, 65535, "The NAT port range start");
            ConfChecks.range(end, 1, 65535, "The NAT port range end");
            if (start > end) {
                throw new ConfException(Kind.INVALID_VALUE, "The NAT port range " + start + " to " + end
                        + " is reversed; its start must not come after its end.");
            }
        }
    }
}
