package io.jvirt.conf.common;

import io.jvirt.conf.xml.XmlEnum;

/** An IP address family, spelled as libvirt's {@code family} attribute. */
public enum IpFamily implements XmlEnum {
    /** IPv4: 32-bit addresses. */
    IPV4("ipv4", 32),
    /** IPv6: 128-bit addresses. */
    IPV6("ipv6", 128);

    private final String xml;
    private final int bits;

    IpFamily(String xml, int bits) {
        this.xml = xml;
        this.bits = bits;
    }

    @Override
    public String xml() {
        return xml;
    }

    /** Returns the address width in bits: 32 or 128. */
    public int bits() {
        return bits;
    }
}
