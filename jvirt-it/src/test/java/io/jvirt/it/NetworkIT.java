package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DhcpLease;
import io.jvirt.api.DomainInterface;
import io.jvirt.api.NetworkInfo;
import io.jvirt.client.JvirtClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Virtual networks end to end: a real jvirtd in a network namespace, real bridges,
 * nftables and dnsmasq, and real guests that get leases, ping and resolve names.
 */
class NetworkIT extends NetDaemonTest {
    private static final Duration CMD = Duration.ofSeconds(20);
    private static final Pattern DHCP = Pattern.compile("JVIRT-GUEST-DHCP eth0 ([0-9.]+)");

    private static final String NAT = """
            <network>
              <name>natnet</name>
              <forward mode='nat'/>
              <bridge name='jvtbr0'/>
              <domain name='jvirt.test'/>
              <dns>
                <host ip='10.77.0.200'><hostname>dbhost</hostname></host>
              </dns>
              <ip address='10.77.0.1' prefix='24'>
                <dhcp>
                  <range start='10.77.0.100' end='10.77.0.150'/>
                  <host mac='52:54:00:77:00:05' name='fixedvm' ip='10.77.0.5'/>
                </dhcp>
              </ip>
            </network>
            """;

    /** A second namespace behind a veth pair: a host "outside" the virtual network, at 10.99.9.2. */
    private NetNs outside() {
        NetNs out = NetNs.create();
        ns.exec("ip", "link", "add", "vout", "type", "veth", "peer", "name", "vin", "netns", out.name);
        ns.exec("ip", "addr", "add", "10.99.9.1/24", "dev", "vout");
        ns.exec("ip", "link", "set", "vout", "up");
        out.exec("ip", "addr", "add", "10.99.9.2/24", "dev", "vin");
        out.exec("ip", "link", "set", "vin", "up");
        return out;
    }

    private static String leasedAddress(JvirtClient c, String domain) throws Exception {
        String console = DaemonTest.waitForConsole(c, domain, "JVIRT-GUEST-DHCP eth0 ");
        Matcher m = DHCP.matcher(console);
        assertThat(m.find()).as(console).isTrue();
        return m.group(1);
    }

    private GuestShell shell(JvirtClient c, String domain) throws Exception {
        DaemonTest.waitForConsole(c, domain, TestGuest.READY);
        return new GuestShell(c, domain);
    }

    @Test
    void natNetworkLeasesPingDnsReattachAndCleanTeardown() throws Exception {
        assertThat(Cli.run(sock, "net-define", file("nat.xml", NAT).toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "net-start", "natnet");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(Cli.run(sock, "net-list").out()).contains(" natnet ").contains("active");
        assertThat(Cli.run(sock, "net-info", "natnet").out()).contains("Bridge:         jvtbr0");
        assertThat(ns.exec("nft", "list", "tables").stdout()).contains("table inet jvirt_jvtbr0");
        assertThat(ns.exec("cat", "/proc/sys/net/ipv4/ip_forward").stdout().strip()).isEqualTo("1");

        try (NetNs out = outside(); JvirtClient c = daemon.client()) {
            assertThat(Cli.run(sock, "define", file("g1.xml", guestXml("g1",
                    nic("natnet", "52:54:00:77:00:05", null))).toString()).exit()).isZero();
            String g2nic = "<interface type='network'><source network='natnet'/><model type='virtio'/>"
                    + "<bandwidth><inbound average='2000'/><outbound average='1000'/></bandwidth></interface>";
            assertThat(Cli.run(sock, "define", file("g2.xml", guestXml("g2", g2nic)).toString()).exit()).isZero();
            Cli.Result s1 = Cli.run(sock, "start", "g1");
            assertThat(s1.exit()).as(s1.err()).isZero();
            Cli.Result s2 = Cli.run(sock, "start", "g2");
            assertThat(s2.exit()).as(s2.err()).isZero();

            assertThat(leasedAddress(c, "g1")).isEqualTo("10.77.0.5");
            String g2ip = leasedAddress(c, "g2");
            assertThat(g2ip).startsWith("10.77.0.");
            int last = Integer.parseInt(g2ip.substring(g2ip.lastIndexOf('.') + 1));
            assertThat(last).isBetween(100, 150);

            List<DhcpLease> leases = c.leases("natnet", null);
            assertThat(leases).extracting(DhcpLease::address).contains("10.77.0.5/24", g2ip + "/24");
            assertThat(Cli.run(sock, "net-dhcp-leases", "natnet").out()).contains("52:54:00:77:00:05")
                    .contains("10.77.0.5/24").contains("ipv4");
            assertThat(Cli.run(sock, "domifaddr", "g2").out()).contains(g2ip + "/24");
            List<DomainInterface> g1ifs = c.interfaces("g1", false);
            assertThat(g1ifs).singleElement().satisfies(i -> {
                assertThat(i.device()).startsWith("vnet");
                assertThat(i.type()).isEqualTo("network");
                assertThat(i.source()).isEqualTo("natnet");
                assertThat(i.model()).isEqualTo("virtio");
            });
            assertThat(Cli.run(sock, "domiflist", "g1").out()).contains(g1ifs.getFirst().device()).contains("natnet");
            String g2tap = c.interfaces("g2", false).getFirst().device();
            assertThat(ns.exec("ip", "-d", "link", "show", g2tap).stdout()).contains("master jvtbr0");
            assertThat(ns.exec("tc", "qdisc", "show", "dev", g2tap).stdout()).contains("htb").contains("ingress");

            try (GuestShell g1 = shell(c, "g1")) {
                assertThat(g1.run("ping -c 1 -W 3 " + g2ip, CMD).ok()).isTrue();
                assertThat(g1.run("ping -c 1 -W 3 10.77.0.1", CMD).ok()).isTrue();
                GuestShell.Result dns = g1.run("nslookup dbhost 10.77.0.1", CMD);
                assertThat(dns.output()).contains("10.77.0.200");
                assertThat(g1.run("ping -c 1 -W 3 10.99.9.2", CMD).ok()).as("NAT to a host outside").isTrue();

                Cli.Result upd = Cli.run(sock, "net-update", "natnet", "add", "dns-host",
                        "<host ip='10.77.0.201'><hostname>newhost</hostname></host>", "--live", "--config");
                assertThat(upd.exit()).as(upd.err()).isZero();
                assertThat(g1.run("nslookup newhost 10.77.0.1", CMD).output()).contains("10.77.0.201");
                assertThat(Cli.run(sock, "net-dumpxml", "--inactive", "natnet").out()).contains("newhost");

                assertThat(Cli.run(sock, "domif-setlink", "g1", g1ifs.getFirst().device(), "down").exit()).isZero();
                assertThat(g1.run("cat /sys/class/net/eth0/carrier", CMD).output()).contains("0");
                assertThat(c.interfaces("g1", false).getFirst().linkUp()).isFalse();
                assertThat(Cli.run(sock, "domif-setlink", "g1", "52:54:00:77:00:05", "up").exit()).isZero();
                assertThat(g1.run("cat /sys/class/net/eth0/carrier", CMD).output()).contains("1");
                // --config: the next start's cable, not the running guest's
                assertThat(Cli.run(sock, "domif-setlink", "g1", "52:54:00:77:00:05", "down", "--config").exit())
                        .isZero();
                assertThat(Cli.run(sock, "dumpxml", "--inactive", "g1").out()).contains("<link state='down'/>");
                assertThat(g1.run("cat /sys/class/net/eth0/carrier", CMD).output()).contains("1");
            }

            // a daemon crash: networks and guests keep running, the new daemon reattaches to dnsmasq
            long dnsmasq = c.network("natnet").dnsmasqPid();
            daemon.kill9();
            daemon.start();
            try (JvirtClient c2 = daemon.client()) {
                NetworkInfo after = c2.network("natnet");
                assertThat(after.active()).isTrue();
                assertThat(after.dnsmasqPid()).isEqualTo(dnsmasq);
                assertThat(c2.interfaces("g2", true).getFirst().addresses()).contains(g2ip + "/24");
                c2.action("g1", "destroy", Map.of());
                c2.action("g2", "destroy", Map.of());
            }
            assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("vnet");

            Cli.Result destroy = Cli.run(sock, "net-destroy", "natnet");
            assertThat(destroy.exit()).as(destroy.err()).isZero();
            assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("jvtbr0");
            assertThat(ns.exec("nft", "list", "tables").stdout()).doesNotContain("jvirt_");
            assertThat(waitGone(dnsmasq)).as("dnsmasq exited").isTrue();
        }
    }

    private static boolean waitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (io.jvirt.sys.ProcStat.read(pid).filter(io.jvirt.sys.ProcStat::alive).isEmpty()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void networkLifecycleEventsFollowStartAndDestroy() throws Exception {
        String ev = """
                <network>
                  <name>evnet</name>
                  <bridge name='jvtbr7'/>
                  <ip address='10.66.0.1' prefix='24'/>
                </network>
                """;
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        JvirtClient listener = daemon.client();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                listener.networkEvents(e -> seen.add(e.network() + " " + e.event()));
            } catch (RuntimeException closed) {
                // the test closes the client at the end
            }
        });
        try {
            Thread.sleep(500); // subscribed by now
            for (String[] step : new String[][] {{"net-define", file("evnet.xml", ev).toString()}, {"net-start", "evnet"},
                    {"net-destroy", "evnet"}, {"net-undefine", "evnet"}}) {
                Cli.Result r = Cli.run(sock, step);
                assertThat(r.exit()).as(r.err()).isZero();
            }
            List<String> got = new java.util.ArrayList<>();
            while (got.size() < 4) {
                String e = seen.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(e).as("events so far: " + got).isNotNull();
                got.add(e);
            }
            assertThat(got).containsExactly("evnet defined", "evnet started", "evnet stopped", "evnet undefined");
        } finally {
            listener.close();
            t.join(5000);
        }
    }

    @Test
    void anIpv6SubnetWithoutDhcpGivesGuestsSlaacAddressesFromRouterAdvertisements() throws Exception {
        String six = """
                <network>
                  <name>six</name>
                  <bridge name='jvtbr6'/>
                  <ip family='ipv6' address='fd42:7::1' prefix='64'/>
                </network>
                """;
        Cli.Result cr = Cli.run(sock, "net-create", file("six.xml", six).toString());
        assertThat(cr.exit()).as(cr.err()).isZero();
        Cli.Result r = Cli.run(sock, "create",
                file("v6.xml", guestXml("v6", nic("six", "52:54:00:42:00:06", null))).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client(); GuestShell g = shell(c, "v6")) {
            // EUI-64 from the MAC: the address the kernel builds from the advertised prefix
            String slaac = "fd42:7::5054:ff:fe42:6";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String addrs = "";
            while (System.nanoTime() < deadline && !addrs.contains(slaac)) {
                addrs = g.run("ip -6 addr show dev eth0", CMD).output();
                if (!addrs.contains(slaac)) {
                    Thread.sleep(500);
                }
            }
            assertThat(addrs).as("the guest's IPv6 addresses").contains(slaac + "/64");
            assertThat(g.run("ping6 -c 1 -W 3 fd42:7::1", CMD).ok()).as("ping the gateway over IPv6").isTrue();
        }
    }

    @Test
    void isolatedNetworkAndVlanPortgroupsSeparateTraffic() throws Exception {
        String iso = """
                <network>
                  <name>iso</name>
                  <bridge name='jvtbr1'/>
                  <ip address='10.88.0.1' prefix='24'>
                    <dhcp><range start='10.88.0.100' end='10.88.0.150'/></dhcp>
                  </ip>
                  <portgroup name='blue'><vlan><tag id='10'/></vlan></portgroup>
                  <portgroup name='red'><vlan><tag id='20'/></vlan></portgroup>
                </network>
                """;
        Cli.Result cr = Cli.run(sock, "net-create", file("iso.xml", iso).toString());
        assertThat(cr.exit()).as(cr.err()).isZero();
        try (NetNs out = outside(); JvirtClient c = daemon.client()) {
            for (String[] g : new String[][] {{"a", "blue"}, {"b", "blue"}, {"c", "red"}, {"d", null}}) {
                Cli.Result r = Cli.run(sock, "create", file(g[0] + ".xml", guestXml(g[0], nic("iso", null, g[1]))).toString());
                assertThat(r.exit()).as(r.err()).isZero();
            }
            String dip = leasedAddress(c, "d");
            try (GuestShell a = shell(c, "a"); GuestShell b = shell(c, "b"); GuestShell cc = shell(c, "c");
                 GuestShell d = shell(c, "d")) {
                assertThat(a.run("ip addr add 10.88.0.11/24 dev eth0", CMD).ok()).isTrue();
                assertThat(b.run("ip addr add 10.88.0.12/24 dev eth0", CMD).ok()).isTrue();
                assertThat(cc.run("ip addr add 10.88.0.13/24 dev eth0", CMD).ok()).isTrue();
                assertThat(a.run("ping -c 1 -W 3 10.88.0.12", CMD).ok()).as("same VLAN").isTrue();
                assertThat(a.run("ping -c 1 -W 2 10.88.0.13", CMD).ok()).as("other VLAN").isFalse();
                assertThat(d.run("ping -c 1 -W 2 10.88.0.11", CMD).ok()).as("untagged to VLAN 10").isFalse();
                assertThat(d.run("ping -c 1 -W 3 10.88.0.1", CMD).ok()).as("gateway of the isolated net").isTrue();
                assertThat(d.run("ip route add 10.99.9.0/24 via 10.88.0.1", CMD).ok()).isTrue();
                assertThat(d.run("ping -c 1 -W 2 10.99.9.2", CMD).ok()).as("isolated from other networks").isFalse();
                assertThat(dip).startsWith("10.88.0.");
            }
        }
    }

    @Test
    void conflictsAreRefusedWithClearErrorsAndLeaveNothingBehind() throws Exception {
        // the default network is defined on first start, inactive
        assertThat(Cli.run(sock, "net-list", "--all").out()).contains(" default ").contains("inactive");
        assertThat(Cli.run(sock, "net-dumpxml", "default").out()).contains("192.168.122.1");

        String one = "<network><name>one</name><forward mode='route'/><ip address='10.55.0.1' prefix='24'/></network>";
        String two = "<network><name>two</name><ip address='10.55.0.129' prefix='25'/></network>";
        assertThat(Cli.run(sock, "net-define", file("one.xml", one).toString()).exit()).isZero();
        assertThat(Cli.run(sock, "net-start", "one").exit()).isZero();
        assertThat(Cli.run(sock, "net-define", file("two.xml", two).toString()).exit()).isZero();
        Cli.Result overlap = Cli.run(sock, "net-start", "two");
        assertThat(overlap.exit()).isNotZero();
        assertThat(overlap.err()).startsWith("error: ").contains("10.55.0.128/25").contains("overlaps")
                .contains("network one");

        ns.exec("ip", "link", "add", "dummy7", "type", "veth", "peer", "name", "dummy7p");
        ns.exec("ip", "addr", "add", "10.66.1.1/24", "dev", "dummy7");
        ns.exec("ip", "link", "set", "dummy7", "up");
        String three = "<network><name>three</name><ip address='10.66.0.1' prefix='16'/></network>";
        assertThat(Cli.run(sock, "net-define", file("three.xml", three).toString()).exit()).isZero();
        Cli.Result route = Cli.run(sock, "net-start", "three");
        assertThat(route.err()).contains("overlaps the host route 10.66.1.0/24 on dummy7");

        String four = "<network><name>four</name><bridge name='dummy7'/><ip address='10.44.0.1' prefix='24'/></network>";
        assertThat(Cli.run(sock, "net-define", file("four.xml", four).toString()).exit()).isZero();
        assertThat(Cli.run(sock, "net-start", "four").err()).contains("bridge name dummy7").contains("in use");

        String badRange = "<network><name>five</name><ip address='10.33.0.1' prefix='24'><dhcp>"
                + "<range start='10.33.1.10' end='10.33.1.20'/></dhcp></ip></network>";
        Cli.Result bad = Cli.run(sock, "net-define", file("five.xml", badRange).toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("10.33.1.10").contains("10.33.0.");

        String mac = "<interface type='user'><mac address='52:54:00:aa:00:01'/></interface>";
        assertThat(Cli.run(sock, "define", file("m1.xml", guestXml("m1", mac)).toString()).exit()).isZero();
        Cli.Result dup = Cli.run(sock, "define", file("m2.xml", guestXml("m2", mac)).toString());
        assertThat(dup.exit()).isNotZero();
        assertThat(dup.err()).contains("52:54:00:aa:00:01").contains("already used by domain 'm1'");

        // a guest on an inactive network does not start, and leaves no tap
        assertThat(Cli.run(sock, "define", file("m3.xml", guestXml("m3", nic("two", null, null))).toString())
                .exit()).isZero();
        Cli.Result inactive = Cli.run(sock, "start", "m3");
        assertThat(inactive.err()).contains("network 'two', which is not active").contains("net-start two");

        // nothing half-made: only network one's bridge and table exist, no tap
        String links = ns.exec("ip", "-br", "link").stdout();
        assertThat(links).doesNotContain("vnet");
        String oneBridge;
        try (JvirtClient c = daemon.client()) {
            oneBridge = c.network("one").bridge();
        }
        assertThat(ns.exec("nft", "list", "tables").stdout().lines().filter(l -> l.contains("jvirt_")).toList())
                .containsExactlyInAnyOrder("table inet jvirt_" + oneBridge, "table bridge jvirt_" + oneBridge);
        assertThat(links).contains(oneBridge);
        assertThat(Cli.run(sock, "net-destroy", "one").exit()).isZero();
        assertThat(ns.exec("nft", "list", "tables").stdout()).doesNotContain("jvirt_");
        assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("jvirtbr");
    }

    @Test
    void bridgeInterfacesAndBridgeNetworksUseTheHostBridge() throws Exception {
        ns.exec("ip", "link", "add", "hbr0", "type", "bridge");
        ns.exec("ip", "link", "set", "hbr0", "up");
        String fwd = "<network><name>lan</name><forward mode='bridge'/><bridge name='hbr0'/></network>";
        assertThat(Cli.run(sock, "net-define", file("lan.xml", fwd).toString()).exit()).isZero();
        Cli.Result st = Cli.run(sock, "net-start", "lan");
        assertThat(st.exit()).as(st.err()).isZero();
        String direct = "<interface type='bridge'><source bridge='hbr0'/><target dev='web-eth0'/>"
                + "<model type='e1000'/></interface>";
        String viaNet = nic("lan", null, null);
        assertThat(Cli.run(sock, "create", file("h1.xml", guestXml("h1", direct + viaNet)).toString()).exit()).isZero();
        try (JvirtClient c = daemon.client()) {
            List<DomainInterface> ifs = c.interfaces("h1", false);
            assertThat(ifs).extracting(DomainInterface::device).first().isEqualTo("web-eth0");
            for (DomainInterface i : ifs) {
                assertThat(ns.exec("ip", "-d", "link", "show", i.device()).stdout()).contains("master hbr0");
            }
            // VLAN tags on a host bridge need its 802.1Q filtering, which it does not have: a clear refusal
            String tagged = "<interface type='bridge'><source bridge='hbr0'/><vlan><tag id='5'/></vlan></interface>";
            Cli.Result vl = Cli.run(sock, "create", file("h2.xml", guestXml("h2", tagged)).toString());
            assertThat(vl.exit()).isNotZero();
            assertThat(vl.err()).contains("does not filter VLANs");
            c.action("h1", "destroy", Map.of());
        }
        String links = ns.exec("ip", "-br", "link").stdout();
        assertThat(links).doesNotContain("web-eth0").doesNotContain("vnet").contains("hbr0");
        assertThat(Cli.run(sock, "net-destroy", "lan").exit()).isZero();
        assertThat(ns.exec("ip", "-br", "link").stdout()).contains("hbr0");
    }

    @Test
    void aForeignFirewallThatDropsTheTrafficIsReportedWithAFix() throws Exception {
        ns.execStdin("table ip filter {\n chain FORWARD {\n  type filter hook forward priority filter; policy drop;\n }\n}\n",
                "nft", "-f", "-");
        String net = "<network><name>walled</name><forward mode='nat'/><bridge name='jvtbr5'/>"
                + "<ip address='10.61.0.1' prefix='24'/></network>";
        Cli.Result create = Cli.run(sock, "net-create", file("walled.xml", net).toString());
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.err()).startsWith("warning: ").contains("'ip filter FORWARD' drops forwarded traffic")
                .contains("iifname jvtbr5 accept");
        assertThat(Cli.run(sock, "net-info", "walled").out()).contains("Warning:").contains("ip filter FORWARD");
        // jvirt never edited the foreign table
        assertThat(ns.exec("nft", "list", "table", "ip", "filter").stdout()).contains("policy drop")
                .doesNotContain("jvtbr5");
    }

    @Test
    void aNetworkThatLostItsDnsmasqWhileTheDaemonWasDownIsCleanedUpAndStartsAgain() throws Exception {
        String net = "<network><name>crashy</name><forward mode='nat'/><bridge name='jvtbr7'/>"
                + "<ip address='10.62.0.1' prefix='24'><dhcp><range start='10.62.0.10' end='10.62.0.20'/></dhcp></ip>"
                + "</network>";
        assertThat(Cli.run(sock, "net-define", file("crashy.xml", net).toString()).exit()).isZero();
        assertThat(Cli.run(sock, "net-start", "crashy").exit()).isZero();
        long dnsmasq;
        try (JvirtClient c = daemon.client()) {
            dnsmasq = c.network("crashy").dnsmasqPid();
        }
        daemon.kill9();
        ProcessHandle.of(dnsmasq).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(waitGone(dnsmasq)).isTrue();
        daemon.start();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.network("crashy").active()).isFalse();
        }
        assertThat(ns.exec("ip", "-br", "link").stdout()).doesNotContain("jvtbr7");
        assertThat(ns.exec("nft", "list", "tables").stdout()).doesNotContain("jvirt_jvtbr7");
        Cli.Result again = Cli.run(sock, "net-start", "crashy");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(ns.exec("ip", "-br", "link").stdout()).contains("jvtbr7");
    }
}
