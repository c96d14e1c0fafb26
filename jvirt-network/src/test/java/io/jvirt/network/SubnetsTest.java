package io.jvirt.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Cidr;
import io.jvirt.network.host.HostInterfaces;
import org.junit.jupiter.api.Test;

class SubnetsTest {

    @Test
    void overlapIsContainmentOfTheShorterPrefix() {
        assertThat(Subnets.overlap(Cidr.parse("10.55.0.1/24"), Cidr.parse("10.55.0.129/25"))).isTrue();
        assertThat(Subnets.overlap(Cidr.parse("10.55.0.1/25"), Cidr.parse("10.55.0.129/25"))).isFalse();
        assertThat(Subnets.overlap(Cidr.parse("10.0.0.1/8"), Cidr.parse("10.200.3.1/24"))).isTrue();
        assertThat(Subnets.overlap(Cidr.parse("10.0.0.1/8"), Cidr.parse("fd00::1/64"))).isFalse();
        assertThat(Subnets.overlap(Cidr.parse("fd00::1/64"), Cidr.parse("fd00:0:0:0:1::1/80"))).isTrue();
    }

    @Test
    void defaultLinkLocalAndMulticastRoutesConflictWithNothing() {
        assertThat(Subnets.of(new HostInterfaces.Route("eth0", new byte[4], 0))).isNull();
        byte[] ll = new byte[16];
        ll[0] = (byte) 0xfe;
        ll[1] = (byte) 0x80;
        assertThat(Subnets.of(new HostInterfaces.Route("eth0", ll, 64))).isNull();
        assertThat(Subnets.of(new HostInterfaces.Route("eth0", new byte[] {10, 66, 1, 0}, 24)))
                .isEqualTo(Cidr.parse("10.66.1.0/24"));
    }
}
