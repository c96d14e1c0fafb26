package io.jvirt.network.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostInterfacesTest {

    @Test
    void parsesBothRouteTables() {
        String v4 = """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0
                garbage
                """;
        String v6 = """
                fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
                00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000001 00000000 00200001       lo
                """;
        List<HostInterfaces.Route> r = HostInterfaces.parseRoutes(v4, v6);
        assertThat(r).hasSize(3);
        assertThat(r.get(1).device()).isEqualTo("eth0");
        assertThat(r.get(1).destination()).containsExactly(192, 0, 2, 0);
        assertThat(r.get(1).prefix()).isEqualTo(24);
        assertThat(r.get(0).prefix()).isZero();
        assertThat(r.get(2).prefix()).isEqualTo(64);
        assertThat(r.get(2).destination()[0]).isEqualTo((byte) 0xfd);
    }
}
