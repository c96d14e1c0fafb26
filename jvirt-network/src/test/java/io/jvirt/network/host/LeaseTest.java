package io.jvirt.network.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {

    @Test
    void readsIpv4AndIpv6Leases() {
        String file = """
                1795368433 52:54:00:11:22:33 192.168.150.220 * 01:52:54:00:11:22:33
                1795368500 52:54:00:AA:BB:CC 192.168.150.7 guest2 *
                duid 00:01:00:01:2c:aa:bb:cc:52:54:00:00:00:01
                1795368600 1234 fd00::50 guest3 00:04:aa
                garbage line
                """;
        List<Lease> l = Lease.parse(file);
        assertThat(l).containsExactly(
                new Lease(1795368433L, "52:54:00:11:22:33", "192.168.150.220", null, "01:52:54:00:11:22:33", false),
                new Lease(1795368500L, "52:54:00:aa:bb:cc", "192.168.150.7", "guest2", null, false),
                new Lease(1795368600L, null, "fd00::50", "guest3", "1234", true));
    }

    @Test
    void emptyFileHasNoLeases() {
        assertThat(Lease.parse("")).isEmpty();
    }
}
