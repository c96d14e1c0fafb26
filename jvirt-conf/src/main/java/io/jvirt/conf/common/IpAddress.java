package io.jvirt.conf.common;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * An IPv4 or IPv6 address as a plain value, parsed from its literal text only: there is no
 * name resolution, no zone id and no shorthand such as {@code 127.1}.
 *
 * <p>IPv4 is written as four decimal numbers 0 to 255 without leading zeros; IPv6 as eight
 * groups of one to four hex digits, with at most one {@code ::} and optionally a dotted IPv4
 * tail. {@link #toString()} gives the canonical form (RFC 5952 for IPv6: lower case, the
 * longest run of zero groups compressed, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}).
 *
 * @param family the address family
 * @param high the upper 64 bits of an IPv6 address; 0 for IPv4
 * @param low the lower 64 bits of an IPv6 address, or the IPv4 address in the lower 32 bits
 */
public record IpAddress(IpFamily family, long high, long low) implements Comparable<IpAddress> {

    /** Checks that an IPv4 value fits in 32 bits. */
    public IpAddress {
        ConfChecks.required(family, "The IP address family");
        if (family == IpFamily.IPV4 && (high != 0 || (low >>> 32) != 0)) {
            throw new ConfException(Kind.INVALID_VALUE, "An IPv4 address must fit in 32 bits.");
        }
    }

    /**
     * Parses an address literal.
     *
     * @param text the literal, such as {@code 192.168.122.1} or {@code 2001:db8::1}
     * @return the address
     * @throws ConfException of kind {@code INVALID_VALUE} when the text is not an address literal
     */
    public static IpAddress parse(String text) {
        IpAddress a = tryParse(text);
        if (a == null) {
            throw new ConfException(Kind.INVALID_VALUE, "The IP address '" + ConfChecks.printable(String.valueOf(text))
                    + "' is not valid; write an IPv4 address such as 192.168.122.1 or an IPv6 address such as "
                    + "2001:db8::1.");
        }
        return a;
    }

    /**
     * Parses an address literal, answering null instead of failing.
     *
     * @param text the literal, or null
     * @return the address, or null when the text is not an address literal
     */
    public static IpAddress tryParse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v4 = parseIpv4(text);
            return v4 < 0 ? null : new IpAddress(IpFamily.IPV4, 0, v4);
        }
        return parseIpv6(text);
    }

    /**
     * Returns the IPv4 address with the given 32-bit value.
     *
     * @param value the address as an unsigned 32-bit number
     * @return the address
     */
    public static IpAddress ipv4(long value) {
        return new IpAddress(IpFamily.IPV4, 0, value);
    }

    /** Returns the IPv4 value (0 to 2^32-1), or -1 when the text is not a dotted quad. */
    private static long parseIpv4(String s) {
        long value = 0;
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? value : -1;
    }

    private static IpAddress parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap < 0 ? given != 8 : given > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int k = 0; k < 4; k++) {
            high = (high << 16) | all[k];
            low = (low << 16) | all[k + 4];
        }
        return new IpAddress(IpFamily.IPV6, high, low);
    }

    /**
     * Parses colon-separated hex groups; a dotted IPv4 tail counts as two groups and is
     * allowed only at the very end of the address.
     */
    private static int[] groups(String part, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] fields = part.split(":", -1);
        int dotted = fields[fields.length - 1].indexOf('.') >= 0 ? 1 : 0;
        if (dotted == 1 && !mayEndWithIpv4) {
            return null;
        }
        int[] out = new int[fields.length + dotted];
        for (int k = 0; k < fields.length; k++) {
            String f = fields[k];
            if (dotted == 1 && k == fields.length - 1) {
                long v4 = parseIpv4(f);
                if (v4 < 0) {
                    return null;
                }
                out[k] = (int) (v4 >>> 16);
                out[k + 1] = (int) (v4 & 0xffff);
                continue;
            }
            if (f.isEmpty() || f.length() > 4) {
                return null;
            }
            int g = 0;
            for (int c = 0; c < f.length(); c++) {
                int d = Character.digit(f.charAt(c), 16);
                if (d < 0 || f.charAt(c) > 'f') {
                    return null;
                }
                g = (g << 4) | d;
            }
            out[k] = g;
        }
        return out;
    }

    /** Returns whether this is an IPv4 address. */
    public boolean isIpv4() {
        return family == IpFamily.IPV4;
    }

    /** Returns whether this is an IPv6 address. */
    public boolean isIpv6() {
        return family == IpFamily.IPV6;
    }

    /** Returns the address in network byte order: 4 or 16 bytes. */
    public byte[] toBytes() {
        if (isIpv4()) {
            return new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        }
        byte[] b = new byte[16];
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (high >>> (56 - 8 * k));
            b[k + 8] = (byte) (low >>> (56 - 8 * k));
        }
        return b;
    }

    /**
     * Returns this address with all bits after the first {@code prefix} cleared: the network address.
     *
     * @param prefix the prefix length, 0 to the family's width
     * @return the masked address
     */
    public IpAddress maskedTo(int prefix) {
        checkPrefix(prefix);
        return new IpAddress(family, high & highMask(prefix), low & lowMask(prefix));
    }

    /**
     * Returns this address with all bits after the first {@code prefix} set: the last address
     * of its prefix (the broadcast address for IPv4).
     *
     * @param prefix the prefix length, 0 to the family's width
     * @return the address
     */
    public IpAddress lastIn(int prefix) {
        checkPrefix(prefix);
        long hostLow = ~lowMask(prefix) & (isIpv4() ? 0xffffffffL : -1L);
        return new IpAddress(family, high | ~highMask(prefix) & (isIpv4() ? 0 : -1L), low | hostLow);
    }

    /**
     * Returns the netmask of a prefix length in this address's family, such as 255.255.255.0 for 24.
     *
     * @param family the family
     * @param prefix the prefix length
     * @return the mask as an address
     */
    public static IpAddress netmask(IpFamily family, int prefix) {
        IpAddress zero = new IpAddress(family, 0, 0);
        zero.checkPrefix(prefix);
        return new IpAddress(family, zero.highMask(prefix), zero.lowMask(prefix));
    }

    /**
     * Returns the prefix length a netmask stands for.
     *
     * @return the number of leading one bits, or -1 when the ones are not contiguous
     */
    public int netmaskPrefix() {
        int bits = family.bits();
        for (int p = 0; p <= bits; p++) {
            if (netmask(family, p).equals(this)) {
                return p;
            }
        }
        return -1;
    }

    private void checkPrefix(int prefix) {
        if (prefix < 0 || prefix > family.bits()) {
            throw new ConfException(Kind.INVALID_VALUE, "The prefix length " + prefix + " is out of range for an "
                    + (isIpv4() ? "IPv4" : "IPv6") + " address; it must be from 0 to " + family.bits() + ".");
        }
    }

    private long highMask(int prefix) {
        if (isIpv4()) {
            return 0;
        }
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private long lowMask(int prefix) {
        if (isIpv4()) {
            return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        }
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    /** Orders IPv4 before IPv6, then by numeric value. */
    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c == 0) {
            c = Long.compareUnsigned(high, o.high);
        }
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    /** Returns the canonical literal: dotted quad, or RFC 5952 text for IPv6. */
    @Override
    public String toString() {
        if (isIpv4()) {
            return dotted(low);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) (high >>> (48 - 16 * k)) & 0xffff;
            g[k + 4] = (int) (low >>> (48 - 16 * k)) & 0xffff;
        }
        if (high == 0 && (low >>> 32) == 0xffffL) {
            return "::ffff:" + dotted(low & 0xffffffffL);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; k++) {
            int len = 0;
            while (k + len < 8 && g[k + len] == 0) {
                len++;
            }
            if (len > bestLen) {
                bestStart = k;
                bestLen = len;
            }
            k += len;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }

    private static String dotted(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
