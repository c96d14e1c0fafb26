package io.jvirt.network.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NeighboursTest {
    @Test
    void theEntriesOfIpNeighShowAreReadAndOnlyConfirmedOnesCount() {
        var all = Neighbours.parse("""
                10.77.0.5 dev jvtbr0 lladdr 52:54:00:77:00:05 REACHABLE
                10.77.0.101 dev jvtbr0 lladdr 52:54:00:AA:BB:CC STALE
                10.77.0.102 dev jvtbr0 lladdr 52:54:00:aa:bb:cd router DELAY
                10.77.0.103 dev jvtbr0  FAILED
                10.77.0.104 dev jvtbr0 INCOMPLETE
                fe80::1 dev jvtbr0 lladdr 52:54:00:00:00:01 STALE
                garbage
                """);
        assertThat(all).extracting(Neighbours.Entry::address)
                .containsExactly("10.77.0.5", "10.77.0.101", "10.77.0.102", "10.77.0.103", "10.77.0.104");
        assertThat(all.get(1).mac()).isEqualTo("52:54:00:aa:bb:cc");
        assertThat(all.get(2).state()).isEqualTo("DELAY");
        assertThat(all).filteredOn(Neighbours.Entry::confirmed).extracting(Neighbours.Entry::address)
                .containsExactly("10.77.0.5", "10.77.0.101");
    }

    @Test
    void theRealTableOfThisNamespaceIsRead() {
        // whatever the host has: every entry has an IPv4 address and a device
        for (Neighbours.Entry e : Neighbours.read()) {
            assertThat(e.address()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(e.device()).isNotBlank();
        }
    }
}
