package io.jvirt.network.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.sys.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkPlanTest {

    @Test
    void macvtapEthernetVfAndCoalesceLines() {
        assertThat(LinkPlan.macvtap("macvtap0", "eth0", "bridge", "52:54:00:00:00:01", 1400)).containsExactly(
                "link add link eth0 name macvtap0 address 52:54:00:00:00:01 type macvtap mode bridge",
                "link set dev macvtap0 mtu 1400", "link set dev macvtap0 up");
        assertThat(LinkPlan.ethernet("vnet3", null, true,
                List.of(new LinkPlan.Address("192.168.125.1", 24, "192.168.125.2")),
                List.of(new LinkPlan.Route("10.20.0.0", 16, "192.168.125.2", 5)))).containsExactly(
                "tuntap add dev vnet3 mode tap multi_queue", "link set dev vnet3 up",
                "addr add 192.168.125.1 peer 192.168.125.2/24 dev vnet3",
                "route add 10.20.0.0/16 via 192.168.125.2 dev vnet3 metric 5");
        assertThat(LinkPlan.virtualFunction("enp3s0f0", 2, "52:54:00:00:00:02", null))
                .containsExactly("link set dev enp3s0f0 vf 2 mac 52:54:00:00:00:02 vlan 0");
        assertThat(LinkPlan.coalesce("vnet3", 7)).containsExactly("ethtool", "-C", "vnet3", "rx-frames", "7");
    }

    /** The real ip and ethtool accept the plans in a throw-away namespace (this kernel has macvtap). */
    @Test
    void realToolsAcceptThePlansInANamespace() {
        String ns = "jvlink" + ProcessHandle.current().pid();
        assertThat(Command.run(List.of("ip", "netns", "add", ns)).ok()).isTrue();
        try {
            exec(ns, List.of("ip", "link", "add", "low0", "type", "veth", "peer", "name", "low1"));
            exec(ns, List.of("ip", "link", "set", "low0", "up"));
            batch(ns, LinkPlan.macvtap("macvtap0", "low0", "bridge", "52:54:00:00:00:01", 1400));
            String link = exec(ns, List.of("ip", "-d", "link", "show", "macvtap0")).stdout();
            assertThat(link).contains("macvtap mode bridge").contains("mtu 1400").contains("52:54:00:00:00:01");
            batch(ns, LinkPlan.ethernet("vnet3", 1500, false,
                    List.of(new LinkPlan.Address("192.168.125.1", 24, "192.168.125.2")),
                    List.of(new LinkPlan.Route("10.20.0.0", 16, "192.168.125.2", null))));
            assertThat(exec(ns, List.of("ip", "addr", "show", "vnet3")).stdout())
                    .contains("inet 192.168.125.1 peer 192.168.125.2/24");
            assertThat(exec(ns, List.of("ip", "route", "show", "10.20.0.0/16")).stdout())
                    .contains("via 192.168.125.2 dev vnet3");
            List<String> coalesce = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            coalesce.addAll(LinkPlan.coalesce("vnet3", 7));
            Command.Result r = Command.run(coalesce);
            assertThat(r.ok()).as(r.stderr()).isTrue();
        } finally {
            Command.run(List.of("ip", "netns", "del", ns));
        }
    }

    private static void batch(String ns, List<String> lines) {
        Command.Result r = Command.run(List.of("ip", "netns", "exec", ns, "ip", "-batch", "-"),
                String.join("\n", lines) + "\n", Duration.ofSeconds(10));
        assertThat(r.ok()).as("ip: " + r.stderr()).isTrue();
    }

    private static Command.Result exec(String ns, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(argv);
        Command.Result r = Command.run(cmd);
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return r;
    }
}
