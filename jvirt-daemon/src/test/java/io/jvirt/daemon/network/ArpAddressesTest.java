package io.jvirt.daemon.network;

import io.jvirt.api.GuestInterface;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.network.host.Neighbours;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** domifaddr --source arp against a fixed neighbour table. */
class ArpAddressesTest {
    private static final DomainDef LIVE = DomainXml.parse("""
            <domain type='qemu'><name>g</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <interface type='network'><mac address='52:54:00:77:00:05'/><source network='n'/>
                <target dev='vnet0'/><model type='virtio'/></interface>
              <interface type='network'><mac address='52:54:00:77:00:06'/><source network='n'/>
                <target dev='vnet1'/><model type='virtio'/></interface>
            </devices></domain>""");

    @Test
    void confirmedEntriesOfTheDomainsMacsBecomeOneLineEachWithPrefixZero() {
        ArpAddresses arp = new ArpAddresses(() -> Neighbours.parse("""
                10.77.0.5 dev jvtbr0 lladdr 52:54:00:77:00:05 REACHABLE
                10.77.0.9 dev jvtbr0 lladdr 52:54:00:77:00:99 REACHABLE
                10.77.0.6 dev jvtbr0 lladdr 52:54:00:77:00:06 DELAY
                10.77.0.7 dev jvtbr0 lladdr 52:54:00:77:00:06 STALE
                10.78.0.5 dev jvtbr1 lladdr 52:54:00:77:00:05 STALE
                """));

        List<GuestInterface> out = arp.of("g", LIVE);

        assertThat(out).containsExactly(
                new GuestInterface("vnet0", "52:54:00:77:00:05", List.of(new GuestInterface.Address("ipv4",
                        "10.77.0.5", 0))),
                new GuestInterface("vnet0", "52:54:00:77:00:05", List.of(new GuestInterface.Address("ipv4",
                        "10.78.0.5", 0))),
                new GuestInterface("vnet1", "52:54:00:77:00:06", List.of(new GuestInterface.Address("ipv4",
                        "10.77.0.7", 0))));
    }

    @Test
    void aDomainThatDoesNotRunIsRefused() {
        assertThatThrownBy(() -> new ArpAddresses(List::of).of("g", null)).isInstanceOf(DaemonException.class)
                .hasMessageContaining("'g' is not running");
    }
}
