package io.jvirt.conf.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.common.IpFamily;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.common.VlanDef;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The programmatic API the daemon uses: accessors, copies and net-update style changes. */
class NetworkDefTest {

    private static NetworkDef sample(String name) throws IOException {
        return NetworkXml.parse(Files.readString(NetworkRoundTripTest.DIR.resolve(name + ".xml")), new Random(1));
    }

    private static void assertFails(Runnable r, Kind kind, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ConfException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void natNetworkAccessors() throws IOException {
        NetworkDef def = sample("default-nat");
        assertThat(def.forwardMode()).isEqualTo(ForwardMode.NAT);
        assertThat(def.forward()).isInstanceOfSatisfying(ForwardDef.Nat.class, n -> {
            assertThat(n.dev()).isNull();
            assertThat(n.nat().ports()).isEqualTo(new NatDef.PortRange(1024, 65535));
            assertThat(n.nat().natIpv6()).isFalse();
        });
        assertThat(def.bridgeName()).isEqualTo("virbr0");
        assertThat(def.bridge().stp()).isTrue();
        assertThat(def.bridge().delay()).isZero();
        IpDef ip = def.ipv4();
        assertThat(ip.address()).isEqualTo(IpAddress.parse("192.168.122.1"));
        assertThat(ip.prefix()).isEqualTo(24);
        assertThat(ip.cidr().network()).hasToString("192.168.122.0");
        assertThat(ip.cidr().netmask()).hasToString("255.255.255.0");
        assertThat(ip.hasDhcp()).isTrue();
        assertThat(ip.dhcp().ranges()).singleElement().satisfies(r -> {
            assertThat(r.start()).hasToString("192.168.122.2");
            assertThat(r.end()).hasToString("192.168.122.254");
        });
        assertThat(def.dhcpIp(IpFamily.IPV4)).isSameAs(ip);
        assertThat(def.dhcpIp(IpFamily.IPV6)).isNull();
        assertThat(def.ipv6Addresses()).isEmpty();
        assertThat(def.dnsEnabled()).isTrue();
        assertThat(def.mac()).isEqualTo("52:54:00:0a:cd:21");
    }

    @Test
    void dualStackAccessors() throws IOException {
        NetworkDef def = sample("dual-stack");
        assertThat(def.ipv4().address()).hasToString("192.168.100.1");
        assertThat(def.ipv6Addresses()).extracting(i -> i.address().toString())
                .containsExactly("fd00:dead:beef:64::1", "2001:db8:ca2:2::1");
        assertThat(def.dhcpIp(IpFamily.IPV6).dhcp().hosts()).extracting(DhcpDef.DhcpHost::name)
                .containsExactly(null, "db6");
        NatDef nat = ((ForwardDef.Nat) def.forward()).nat();
        assertThat(nat.natIpv6()).isTrue();
        assertThat(nat.addresses().start()).hasToString("203.0.113.10");
        assertThat(def.forward().dev()).isEqualTo("enp1s0");
    }

    @Test
    void isolatedNetworkGetsItsBridgeNamedByTheDaemon() throws IOException {
        NetworkDef def = sample("isolated");
        assertThat(def.forwardMode()).isEqualTo(ForwardMode.ISOLATED);
        assertThat(def.forwardMode().ownsBridge()).isTrue();
        assertThat(def.bridgeName()).isNull();
        assertThat(def.dnsEnabled()).isFalse();
        NetworkDef named = def.withBridgeName("jvirtbr0");
        assertThat(named.bridgeName()).isEqualTo("jvirtbr0");
        assertThat(named.bridge().stp()).isTrue();
        assertThat(NetworkXml.format(named, Secrets.INCLUDE)).contains("<bridge name='jvirtbr0' stp='on' delay='0'/>");
        assertThat(NetworkXml.parse(NetworkXml.format(named, Secrets.INCLUDE))).isEqualTo(named);
        assertFails(() -> def.withBridgeName("bad name"), Kind.INVALID_VALUE, "The bridge name 'bad name' is not a "
                + "valid interface name; use 1 to 15 letters, digits, '_', '.', ':' or '-'.");
        assertThat(def.withMac("52:54:00:AA:BB:CC").mac()).isEqualTo("52:54:00:aa:bb:cc");
    }

    @Test
    void bridgeModeOwnsNoBridge() throws IOException {
        NetworkDef def = sample("bridge-existing");
        assertThat(def.forwardMode()).isEqualTo(ForwardMode.BRIDGE);
        assertThat(def.forwardMode().ownsBridge()).isFalse();
        assertThat(def.bridgeName()).isEqualTo("br0");
        assertThat(def.bridge().stp()).isNull();
        assertThat(def.dnsEnabled()).isFalse();
        assertThat(def.bandwidth().inbound().average()).isEqualTo(125000L);
        assertThat(sample("macvtap-pool").forward()).isEqualTo(new ForwardDef.Bridge(List.of("eth2", "eth3")));
    }

    @Test
    void portgroupLookup() throws IOException {
        NetworkDef def = sample("portgroups");
        assertThat(def.portgroup("sales").vlan().nativeTag()).isEqualTo(new VlanDef.Tag(100,
                VlanDef.NativeMode.TAGGED));
        assertThat(def.portgroup("nope")).isNull();
        assertThat(def.defaultPortgroup().name()).isEqualTo("engineering");
        assertThat(def.portgroupFor(null).name()).isEqualTo("engineering");
        assertThat(def.portgroupFor("dontpanic").vlan()).isEqualTo(VlanDef.access(42));
        assertThat(def.vlan().trunk()).isTrue();
        assertFails(() -> def.portgroupFor("nope"), Kind.NOT_FOUND, "The network 'vlans' has no port group 'nope'.");
    }

    @Test
    void addAndRemoveDhcpHosts() throws IOException {
        NetworkDef def = sample("static-hosts-bootp");
        DhcpDef.DhcpHost host = NetworkXml.parseDhcpHost(
                "<host mac='52:54:00:00:00:99' name='new' ip='192.168.50.99'/>");
        NetworkDef added = def.withDhcpHost(host);
        assertThat(added.ipv4().dhcp().hosts()).hasSize(4).last().isEqualTo(host);
        assertThat(def.ipv4().dhcp().hosts()).hasSize(3);
        assertThat(NetworkXml.parse(NetworkXml.format(added, Secrets.INCLUDE))).isEqualTo(added);

        assertFails(() -> added.withDhcpHost(host), Kind.DUPLICATE,
                "The network 'pxe' already has a DHCP host with the MAC address 52:54:00:00:00:99.");
        assertFails(() -> def.withDhcpHost(new DhcpDef.DhcpHost(null, null, "other", IpAddress.parse("192.168.50.10"),
                null)), Kind.DUPLICATE, "The network 'pxe' already has a DHCP host with the address 192.168.50.10.");
        assertFails(() -> def.withDhcpHost(NetworkXml.parseDhcpHost("<host mac='52:54:00:00:00:98' ip='10.9.9.9'/>")),
                Kind.INVALID_VALUE, "The DHCP host address 10.9.9.9 is not within the subnet 192.168.50.0/24.");
        assertFails(() -> def.withDhcpHost(NetworkXml.parseDhcpHost("<host id='0:1:2' ip='fd00::9'/>")),
                Kind.CONFLICT, "The network 'pxe' has no IPv6 <dhcp> block to add the host 0:1:2 (fd00::9) to.");
        assertFails(() -> def.withDhcpHost(NetworkXml.parseDhcpHost("<host mac='52:54:00:00:00:98'/>")),
                Kind.MISSING_VALUE, "The DHCP host 52:54:00:00:00:98 needs an 'ip' address.");

        NetworkDef removed = added.withoutDhcpHost(NetworkXml.parseDhcpHost("<host mac='52:54:00:00:00:99'/>"));
        assertThat(removed).isEqualTo(def);
        NetworkDef byName = def.withoutDhcpHost(NetworkXml.parseDhcpHost("<host name='BAR'/>"));
        assertThat(byName.ipv4().dhcp().hosts()).extracting(DhcpDef.DhcpHost::name)
                .containsExactly("foo.example.com", "byname");
        DhcpDef.DhcpHost mismatch = NetworkXml.parseDhcpHost(
                "<host mac='52:54:00:77:e2:ed' ip='192.168.50.11'/>");
        assertFails(() -> def.withoutDhcpHost(mismatch), Kind.NOT_FOUND,
                "The network 'pxe' has no DHCP host that matches 52:54:00:77:e2:ed (192.168.50.11).");
    }

    @Test
    void removingTheLastHostOfADhcpBlockWithoutRangesRemovesTheBlock() {
        NetworkDef def = NetworkXml.parse("<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp>"
                + "<host mac='52:54:00:00:00:01' ip='10.0.0.5'/></dhcp></ip></network>");
        NetworkDef empty = def.withoutDhcpHost(NetworkXml.parseDhcpHost("<host ip='10.0.0.5'/>"));
        assertThat(empty.ipv4().dhcp()).isNull();
        assertThat(empty.ipv4().hasDhcp()).isFalse();
    }

    @Test
    void addAndRemoveDnsHosts() throws IOException {
        NetworkDef def = sample("default-nat");
        DnsDef.DnsHost host = NetworkXml.parseDnsHost(
                "<host ip='192.168.122.7'><hostname>db</hostname><hostname>db.lan</hostname></host>");
        NetworkDef added = def.withDnsHost(host);
        assertThat(added.dns().hosts()).containsExactly(host);
        assertThat(NetworkXml.format(added, Secrets.INCLUDE)).contains("""
                  <dns>
                    <host ip='192.168.122.7'>
                      <hostname>db</hostname>
                      <hostname>db.lan</hostname>
                    </host>
                  </dns>
                """);
        assertFails(() -> added.withDnsHost(new DnsDef.DnsHost(IpAddress.parse("192.168.122.8"), List.of("DB"))),
                Kind.DUPLICATE, "The network 'default' already has a DNS host with the name DB.");
        assertFails(() -> added.withDnsHost(NetworkXml.parseDnsHost("<host ip='192.168.122.9'/>")),
                Kind.MISSING_VALUE, "A DNS <host> needs an 'ip' attribute and at least one <hostname>.");
        assertThat(added.withoutDnsHost(NetworkXml.parseDnsHost("<host><hostname>db.lan</hostname></host>")))
                .isEqualTo(def);
        assertFails(() -> added.withoutDnsHost(NetworkXml.parseDnsHost("<host ip='192.168.122.8'/>")),
                Kind.NOT_FOUND, "The network 'default' has no DNS host with the address 192.168.122.8.");

        NetworkDef silent = sample("isolated");
        assertFails(() -> silent.withDnsHost(host), Kind.CONFLICT,
                "The network 'isolated' has its DNS server disabled, so it cannot have DNS hosts.");
    }

    @Test
    void fragmentErrorsNameTheDocument() {
        assertFails(() -> NetworkXml.parseDhcpHost("<host mac='52:54:00:00:00:01' color='red'/>"),
                Kind.UNKNOWN_ATTRIBUTE, "network XML line 1: unknown attribute 'color' on <host>; remove it or check "
                        + "its spelling.");
        assertFails(() -> NetworkXml.parseDnsHost("<range start='1.2.3.4'/>"), Kind.UNKNOWN_ELEMENT,
                "network XML line 1: the element is <range>, but <host> is expected here.");
    }

    @Test
    void generatesVersion4UuidAndIsDeterministicWhenSeeded() {
        String xml = "<network><name>n</name></network>";
        NetworkDef def = NetworkXml.parse(xml);
        assertThat(def.uuid().version()).isEqualTo(4);
        assertThat(NetworkXml.parse(xml).uuid()).isNotEqualTo(def.uuid());
        assertThat(NetworkXml.parse(xml, new Random(3))).isEqualTo(NetworkXml.parse(xml, new Random(3)));
    }

    @Test
    void recordsValidateOutsideXml() {
        assertFails(() -> new NetworkDef("a/b", null, null, null, null, null, false, null, null, null, null, null,
                null, null, null, null, null), Kind.INVALID_VALUE, "The network name 'a/b' must not contain '/'.");
        assertFails(() -> new DhcpDef.LeaseDef(1, DhcpDef.LeaseUnit.MINUTES), Kind.INVALID_VALUE,
                "The lease time 1 minutes is too short; it must be at least 2 minutes, or 0 for leases that never "
                        + "expire.");
        assertThat(new DhcpDef.LeaseDef(2, DhcpDef.LeaseUnit.HOURS).seconds()).isEqualTo(7200);
        assertThat(new DhcpDef.LeaseDef(0, DhcpDef.LeaseUnit.MINUTES).infinite()).isTrue();
    }
}
