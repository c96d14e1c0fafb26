package io.jvirt.it;

import static io.jvirt.it.StorageIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainInterface;
import io.jvirt.client.JvirtClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interfaces on host links that jvirt makes itself, end to end in network namespaces: a guest
 * on a macvtap in bridge mode over a veth (type {@code direct}) reaches a macvlan neighbour on
 * the same lower device and a host behind the veth; a guest on a tap of type {@code ethernet}
 * with host-side {@code <source><ip peer>} and {@code <route>} reaches the host; a card with
 * {@code <port isolated='yes'/>} and two queues gets an isolated multi-queue bridge port. The devices are gone after
 * the guests stop. (The host has no dummy module, so a veth stands for the physical link.)
 */
class HostInterfacesIT extends NetDaemonTest {
    private static final Duration CMD = Duration.ofSeconds(20);

    private GuestShell shell(JvirtClient c, String domain) throws Exception {
        DaemonTest.waitForConsole(c, domain, TestGuest.READY);
        return new GuestShell(c, domain);
    }

    @Test
    void aGuestOnMacvtapInBridgeModeReachesItsMacvlanNeighbourAndTheLink() throws Exception {
        // low0 in the daemon's namespace is the "physical" link; its veth peer is a host at 10.88.0.9
        try (NetNs wire = NetNs.create(); NetNs neighbour = NetNs.create()) {
            ns.exec("ip", "link", "add", "low0", "type", "veth", "peer", "name", "far0", "netns", wire.name);
            ns.exec("ip", "link", "set", "low0", "up");
            wire.exec("ip", "addr", "add", "10.88.0.9/24", "dev", "far0");
            wire.exec("ip", "link", "set", "far0", "up");
            // a macvlan in bridge mode on the same link, moved into a namespace of its own at 10.88.0.2
            ns.exec("ip", "link", "add", "link", "low0", "name", "mvn0", "type", "macvlan", "mode", "bridge");
            ns.exec("ip", "link", "set", "mvn0", "netns", neighbour.name);
            neighbour.exec("ip", "addr", "add", "10.88.0.2/24", "dev", "mvn0");
            neighbour.exec("ip", "link", "set", "mvn0", "up");

            String nic = "<interface type='direct'><mac address='52:54:00:88:00:03'/>"
                    + "<source dev='low0' mode='bridge'/><model type='virtio'/></interface>";
            ok(sock, "define", file("mv.xml", TestGuest.xml("mv", nic)).toString());
            ok(sock, "start", "mv");
            try (JvirtClient c = daemon.client()) {
                List<DomainInterface> ifs = c.interfaces("mv", false);
                assertThat(ifs).singleElement().satisfies(i -> {
                    assertThat(i.device()).startsWith("macvtap");
                    assertThat(i.type()).isEqualTo("direct");
                    assertThat(i.source()).isEqualTo("low0");
                });
                String dev = ifs.getFirst().device();
                String link = ns.exec("ip", "-d", "link", "show", dev).stdout();
                assertThat(link).contains(dev + "@low0").contains("macvtap mode bridge")
                        .contains("52:54:00:88:00:03");
                assertThat(ok(sock, "dumpxml", "mv").out()).contains("<target dev='" + dev + "'/>");
                try (GuestShell g = shell(c, "mv")) {
                    assertThat(g.run("ip addr add 10.88.0.3/24 dev eth0", CMD).ok()).isTrue();
                    GuestShell.Result n = g.run("ping -c 2 -W 3 10.88.0.2", CMD);
                    assertThat(n.ok()).as("the macvlan neighbour: " + n.output()).isTrue();
                    GuestShell.Result w = g.run("ping -c 2 -W 3 10.88.0.9", CMD);
                    assertThat(w.ok()).as("the host on the link: " + w.output()).isTrue();
                }
                ok(sock, "destroy", "mv");
                assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("macvtap");
                // the link itself is the host's and stays
                assertThat(ns.exec("ip", "-br", "link").stdout()).contains("low0");
            }
        }
    }

    @Test
    void aGuestOnAnEthernetTapWithHostAddressesReachesTheHost() throws Exception {
        String nic = "<interface type='ethernet'><mac address='52:54:00:89:00:02'/><target dev='jvtap9'/>"
                + "<source><ip address='10.89.0.1' family='ipv4' prefix='24' peer='10.89.0.2'/>"
                + "<route family='ipv4' address='10.90.0.0' prefix='24' gateway='10.89.0.2'/></source>"
                + "<model type='virtio'/></interface>";
        ok(sock, "define", file("eth.xml", TestGuest.xml("eth", nic)).toString());
        ok(sock, "start", "eth");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.interfaces("eth", false)).singleElement()
                    .satisfies(i -> assertThat(i.device()).isEqualTo("jvtap9"));
            assertThat(ns.exec("ip", "-4", "addr", "show", "jvtap9").stdout()).contains("inet 10.89.0.1 peer 10.89.0.2/24");
            assertThat(ns.exec("ip", "route", "show", "10.90.0.0/24").stdout()).contains("via 10.89.0.2 dev jvtap9");
            try (GuestShell g = shell(c, "eth")) {
                assertThat(g.run("ip addr add 10.89.0.2/24 dev eth0", CMD).ok()).isTrue();
                GuestShell.Result p = g.run("ping -c 2 -W 3 10.89.0.1", CMD);
                assertThat(p.ok()).as(p.output()).isTrue();
            }
            ok(sock, "destroy", "eth");
            assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("jvtap9");
        }
    }

    @Test
    void anIsolatedPortOnAHostBridge() throws Exception {
        ns.exec("ip", "link", "add", "hbr9", "type", "bridge");
        ns.exec("ip", "link", "set", "hbr9", "up");
        String nic = "<interface type='bridge'><source bridge='hbr9'/><port isolated='yes'/>"
                + "<model type='virtio'/><driver queues='2'/></interface>";
        ok(sock, "define", file("iso.xml", TestGuest.xml("iso", nic)).toString());
        ok(sock, "start", "iso");
        try (JvirtClient c = daemon.client()) {
            String tap = c.interfaces("iso", false).getFirst().device();
            String link = ns.exec("ip", "-d", "link", "show", tap).stdout();
            assertThat(link).contains("master hbr9").contains("isolated on").contains("multi_queue");
            ok(sock, "destroy", "iso");
            assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain(tap);
        }
    }
}
