package io.jvirt.network.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.sys.Command;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapPlanTest {

    @Test
    void plainTapJoinsTheBridge() {
        HostPlan p = TapPlan.plug("vnet0", "br0", null, null, null);
        assertThat(p.describe()).isEqualTo("""
                # ip -batch
                tuntap add dev vnet0 mode tap
                link set dev vnet0 master br0
                link set dev vnet0 up
                """);
    }

    @Test
    void accessVlanTrunkAndLimits() {
        VlanDef trunk = new VlanDef(true, List.of(new VlanDef.Tag(10, VlanDef.NativeMode.UNTAGGED),
                new VlanDef.Tag(20, null)));
        BandwidthDef bw = new BandwidthDef(new BandwidthDef.Rate(1000L, 2000L, 256L, null),
                new BandwidthDef.Rate(500L, null, null, null));
        HostPlan p = TapPlan.plug("vnet7", "br1", 9000, trunk, bw);
        assertThat(p.describe()).isEqualTo("""
                # ip -batch
                tuntap add dev vnet7 mode tap
                link set dev vnet7 mtu 9000
                link set dev vnet7 master br1
                link set dev vnet7 up
                link add name jvivnet7 type ifb
                link set dev jvivnet7 up
                # bridge -batch
                vlan del dev vnet7 vid 1
                vlan add dev vnet7 vid 10 pvid untagged
                vlan add dev vnet7 vid 20
                # tc -batch
                qdisc add dev vnet7 root handle 1: htb default 1
                class add dev vnet7 parent 1: classid 1:1 htb rate 1000kbps ceil 2000kbps burst 256kb
                qdisc add dev vnet7 ingress
                filter add dev vnet7 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev jvivnet7
                qdisc add dev jvivnet7 root handle 1: htb default 1
                class add dev jvivnet7 parent 1: classid 1:1 htb rate 500kbps
                """);
        assertThat(TapPlan.plug("vnet7", "br1", null, VlanDef.access(30), null).bridge())
                .containsExactly("vlan del dev vnet7 vid 1", "vlan add dev vnet7 vid 30 pvid untagged");
    }

    @Test
    void ifbNamesFitTheKernelLimit() {
        assertThat(TapPlan.ifb("vnet12")).isEqualTo("jvivnet12");
        assertThat(TapPlan.ifb("a-very-long-nam")).hasSize(15);
        assertThat(TapPlan.unplug("vnet1")).containsExactly("link del dev vnet1", "link del dev jvivnet1");
    }

    /**
     * The plan is accepted by the real ip and tc inside a throw-away namespace, and the
     * access-VLAN entries fit the network's bridge table.
     */
    @Test
    void realToolsAcceptThePlanInANamespace() {
        String ns = "jvtap" + ProcessHandle.current().pid();
        assertThat(Command.run(List.of("ip", "netns", "add", ns)).ok()).isTrue();
        try {
            exec(ns, List.of("ip", "link", "add", "br1", "type", "bridge"));
            HostPlan p = TapPlan.plug("vnet7", "br1", 1400, null,
                    new BandwidthDef(new BandwidthDef.Rate(1000L, null, null, null),
                            new BandwidthDef.Rate(500L, null, null, null)));
            batch(ns, "ip", p.ip());
            batch(ns, "tc", p.tc());
            assertThat(exec(ns, List.of("tc", "qdisc", "show", "dev", "jvivnet7")).stdout()).contains("htb");
            assertThat(exec(ns, List.of("ip", "-d", "link", "show", "vnet7")).stdout()).contains("master br1");

            // <port isolated='yes'/> and <driver queues>: an isolated multi-queue port
            HostPlan iso = TapPlan.plug("vnet8", "br1", null, null, null, new TapPlan.Port(true, true));
            assertThat(iso.bridge()).containsExactly("link set dev vnet8 isolated on");
            batch(ns, "ip", iso.ip());
            batch(ns, "bridge", iso.bridge());
            String vnet8 = exec(ns, List.of("ip", "-d", "link", "show", "vnet8")).stdout();
            assertThat(vnet8).contains("multi_queue").contains("isolated on");
            assertThat(exec(ns, List.of("ip", "-d", "link", "show", "vnet7")).stdout()).contains("isolated off");

            NetworkDef def = NetworkXml.parse("<network><name>n</name><forward mode='open'/><bridge name='br1'/>"
                    + "<ip address='10.1.2.1' prefix='24'/></network>");
            nft(ns, NftRuleset.render(def));
            nft(ns, NftRuleset.vlanPort("br1", "vnet7", 30, true));
            assertThat(exec(ns, List.of("nft", "list", "map", "bridge", "jvirt_br1", "vid_of")).stdout())
                    .contains("\"vnet7\" : 0x0000001e");
            nft(ns, NftRuleset.vlanPort("br1", "vnet7", 30, false));
            assertThat(exec(ns, List.of("nft", "list", "set", "bridge", "jvirt_br1", "tagged")).stdout())
                    .doesNotContain("vnet7");

            batch(ns, "ip", TapPlan.unplug("vnet7"));
            assertThat(exec(ns, List.of("ip", "-br", "link")).stdout()).doesNotContain("vnet7").doesNotContain("jvivnet7");
        } finally {
            Command.run(List.of("ip", "netns", "del", ns));
        }
    }

    private static void nft(String ns, String script) {
        Command.Result r = Command.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), script, Duration.ofSeconds(10));
        assertThat(r.ok()).as(script + r.stderr()).isTrue();
    }

    private static void batch(String ns, String tool, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Command.Result r = Command.run(List.of("ip", "netns", "exec", ns, tool, "-batch", "-"),
                String.join("\n", lines) + "\n", Duration.ofSeconds(10));
        assertThat(r.ok()).as(tool + ": " + r.stderr()).isTrue();
    }

    private static Command.Result exec(String ns, List<String> argv) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(argv);
        Command.Result r = Command.run(cmd);
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return r;
    }
}
