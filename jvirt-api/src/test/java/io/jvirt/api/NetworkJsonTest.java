package io.jvirt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkJsonTest {
    private final NetworkInfo net = new NetworkInfo("default", "u-1", true, true, false, "jvirtbr0", "nat",
            List.of("192.168.122.1/24", "fd00::1/64"), 1234, List.of("The host firewall drops it."));
    private final DhcpLease lease = new DhcpLease("default", "jvirtbr0", 1795368433L, "52:54:00:11:22:33", "ipv4",
            "192.168.122.5/24", null, "01:52:54:00:11:22:33");
    private final DomainInterface nic = new DomainInterface("vnet0", "network", "default", "virtio",
            "52:54:00:11:22:33", false, List.of("192.168.122.5/24"));

    @Test
    void roundTripsEveryDocument() throws IOException {
        assertThat(NetworkJson.network(NetworkJson.write(net))).isEqualTo(net);
        assertThat(NetworkJson.networks(NetworkJson.writeNetworks(List.of(net, net)))).containsExactly(net, net);
        assertThat(NetworkJson.leases(NetworkJson.writeLeases(List.of(lease)))).containsExactly(lease);
        assertThat(NetworkJson.iface(NetworkJson.write(nic))).isEqualTo(nic);
        assertThat(NetworkJson.interfaces(NetworkJson.writeInterfaces(List.of()))).isEmpty();
    }

    @Test
    void writesWhatDataBindingWrites() throws IOException {
        assertThat(new String(NetworkJson.write(net))).isEqualTo(Json.mapper().writeValueAsString(net));
        assertThat(new String(NetworkJson.writeLeases(List.of(lease))))
                .isEqualTo(Json.mapper().writeValueAsString(List.of(lease)));
        assertThat(new String(NetworkJson.write(nic))).isEqualTo(Json.mapper().writeValueAsString(nic));
    }

    @Test
    void rejectsUnknownFields() {
        assertThatThrownBy(() -> NetworkJson.network("{\"name\":\"x\",\"bogus\":1}".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("bogus");
    }
}
