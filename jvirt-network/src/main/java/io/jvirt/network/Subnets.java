package io.jvirt.network;

import io.jvirt.conf.common.Cidr;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.network.host.HostInterfaces;

/** Overlap arithmetic on subnets, for the conflict checks. */
final class Subnets {

    private Subnets() {
    }

    /** True when the two subnets share an address (same family, one contains the other's network). */
    static boolean overlap(Cidr a, Cidr b) {
        if (a.family() != b.family()) {
            return false;
        }
        int p = Math.min(a.prefix(), b.prefix());
        return a.address().maskedTo(p).equals(b.address().maskedTo(p));
    }

    /** The subnet a kernel route covers, or null for routes that conflict with nothing (default, link-local, multicast). */
    static Cidr of(HostInterfaces.Route r) {
        if (r.prefix() == 0) {
            return null;
        }
        IpAddress a = fromBytes(r.destination());
        Cidr c = new Cidr(a, r.prefix());
        if (a.family() == IpFamily.IPV6) {
            String s = a.toString();
            if (s.startsWith("fe80:") || s.startsWith("ff")) {
                return null;
            }
        }
        return c;
    }

    private static IpAddress fromBytes(byte[] b) {
        if (b.length == 4) {
            long v = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            return IpAddress.ipv4(v);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xffL);
            lo = (lo << 8) | (b[i + 8] & 0xffL);
        }
        return new IpAddress(IpFamily.IPV6, hi, lo);
    }
}
