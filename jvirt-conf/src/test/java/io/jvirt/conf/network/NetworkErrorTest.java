package io.jvirt.conf.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per bad document: the expected kind, line and full message. */
class NetworkErrorTest {

    /** A network named 't' whose further content starts on line 3. */
    private static String net(String body) {
        return "<network>\n  <name>t</name>\n" + body + "\n</network>\n";
    }

    /** A NAT network with one IPv4 {@code <ip>} on line 4 whose children start on line 5. */
    private static String ip4(String children) {
        return net("  <forward mode='nat'/>\n  <ip address='192.168.122.1' netmask='255.255.255.0'>\n" + children
                + "\n  </ip>");
    }

    /** Like {@link #ip4}, with the children inside {@code <dhcp>} starting on line 6. */
    private static String dhcp4(String children) {
        return ip4("    <dhcp>\n" + children + "\n    </dhcp>");
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("unknown element", net("  <route address='10.1.0.0' prefix='16' gateway='10.0.0.2'/>"),
                        Kind.UNKNOWN_ELEMENT, 3, "unknown element <route> inside <network>; remove it or check its "
                                + "spelling."),
                row("unknown nested element", dhcp4("      <range start='192.168.122.2' end='192.168.122.9'/>\n"
                                + "      <option name='x'/>"), Kind.UNKNOWN_ELEMENT, 7,
                        "unknown element <option> inside <dhcp>; remove it or check its spelling."),
                row("unknown attribute", net("  <bridge name='br0' zone='trusted'/>"), Kind.UNKNOWN_ATTRIBUTE, 3,
                        "unknown attribute 'zone' on <bridge>; remove it or check its spelling."),
                row("wrong root", "<pool type='dir'>\n  <name>t</name>\n</pool>", Kind.UNKNOWN_ELEMENT, 1,
                        "the root element is <pool>, but a network definition must start with <network>."),
                row("name with slash", "<network>\n  <name>a/b</name>\n</network>", Kind.INVALID_VALUE, 2,
                        "The network name 'a/b' must not contain '/'."),
                row("name dot dot", "<network>\n  <name>..</name>\n</network>", Kind.INVALID_VALUE, 2,
                        "The network name '..' is not allowed."),
                row("name with control character", "<network>\n  <name>a&#9;b</name>\n</network>",
                        Kind.INVALID_VALUE, 2, "The network name 'a\\x09b' must not contain control characters."),
                row("bad uuid", net("  <uuid>1234</uuid>"), Kind.INVALID_VALUE, 3,
                        "The UUID '1234' is not valid; write 32 hex digits, optionally grouped with dashes as "
                                + "8-4-4-4-12."),
                row("bad prefix", net("  <ip address='10.0.0.1' prefix='33'/>"), Kind.INVALID_VALUE, 3,
                        "<ip> attribute 'prefix' has the invalid value '33'; expected a number from 1 to 32 for an "
                                + "IPv4 address."),
                row("netmask not contiguous", net("  <ip address='10.0.0.1' netmask='255.0.255.0'/>"),
                        Kind.INVALID_VALUE, 3, "<ip> attribute 'netmask' has the invalid value '255.0.255.0'; "
                                + "expected a contiguous IPv4 netmask such as 255.255.255.0."),
                row("netmask and prefix", net("  <ip address='10.0.0.1' netmask='255.0.0.0' prefix='8'/>"),
                        Kind.CONFLICT, 3, "An <ip> cannot have both a 'netmask' and a 'prefix'; give one of them."),
                row("no netmask or prefix", net("  <ip address='10.0.0.1'/>"), Kind.MISSING_VALUE, 3,
                        "The <ip> address 10.0.0.1 needs a 'netmask' or a 'prefix'."),
                row("family mismatch", net("  <ip family='ipv6' address='10.0.0.1' prefix='8'/>"), Kind.CONFLICT, 3,
                        "The <ip> family 'ipv6' does not match the address 10.0.0.1."),
                row("IPv6 netmask", net("  <ip family='ipv6' address='fd00::1' netmask='255.255.0.0'/>"),
                        Kind.CONFLICT, 3, "The IPv6 address fd00::1 cannot have a 'netmask'; give a 'prefix' instead."),
                row("bad address literal", net("  <ip address='192.168.1.300' prefix='24'/>"), Kind.INVALID_VALUE, 3,
                        "<ip> attribute 'address' has the invalid value '192.168.1.300'; expected an IPv4 address "
                                + "such as 192.168.122.1 or an IPv6 address such as 2001:db8::1."),
                row("zone id is not a literal", net("  <ip family='ipv6' address='fe80::1%eth0' prefix='64'/>"),
                        Kind.INVALID_VALUE, 3, "<ip> attribute 'address' has the invalid value 'fe80::1%eth0'; "
                                + "expected an IPv4 address such as 192.168.122.1 or an IPv6 address such as "
                                + "2001:db8::1."),
                row("host name is not an address", net("  <ip address='localhost' prefix='8'/>"), Kind.INVALID_VALUE,
                        3, "<ip> attribute 'address' has the invalid value 'localhost'; expected an IPv4 address "
                                + "such as 192.168.122.1 or an IPv6 address such as 2001:db8::1."),
                row("bridge address is the network address", net("  <ip address='10.0.0.0' prefix='24'/>"),
                        Kind.INVALID_VALUE, 3, "The address 10.0.0.0 is the network address of 10.0.0.0/24; "
                                + "give the bridge a host address."),
                row("range outside subnet", dhcp4("      <range start='192.168.122.2' end='192.168.123.9'/>"),
                        Kind.INVALID_VALUE, 4, "The DHCP range 192.168.122.2 to 192.168.123.9 is not entirely "
                                + "within the subnet 192.168.122.0/24."),
                row("range reversed", dhcp4("      <range start='192.168.122.90' end='192.168.122.9'/>"),
                        Kind.INVALID_VALUE, 6, "The DHCP range 192.168.122.90 to 192.168.122.9 is reversed; its "
                                + "start must not come after its end."),
                row("range includes broadcast", dhcp4("      <range start='192.168.122.2' end='192.168.122.255'/>"),
                        Kind.INVALID_VALUE, 4, "The DHCP range 192.168.122.2 to 192.168.122.255 includes the "
                                + "broadcast address of 192.168.122.0/24."),
                row("range mixes families", dhcp4("      <range start='192.168.122.2' end='fd00::9'/>"),
                        Kind.INVALID_VALUE, 6, "The DHCP range 192.168.122.2 to fd00::9 mixes IPv4 and IPv6."),
                row("host outside subnet", dhcp4("      <host mac='52:54:00:00:00:01' ip='10.0.0.5'/>"),
                        Kind.INVALID_VALUE, 4, "The DHCP host address 10.0.0.5 is not within the subnet "
                                + "192.168.122.0/24."),
                row("host on the bridge address", dhcp4("      <host name='gw' ip='192.168.122.1'/>"),
                        Kind.INVALID_VALUE, 4, "The DHCP host address 192.168.122.1 is the bridge's own address."),
                row("duplicate host mac", dhcp4("      <host mac='52:54:00:00:00:01' ip='192.168.122.5'/>\n"
                                + "      <host mac='52:54:00:00:00:01' ip='192.168.122.6'/>"), Kind.DUPLICATE, 5,
                        "The DHCP host MAC address 52:54:00:00:00:01 is used by more than one host."),
                row("duplicate host ip", dhcp4("      <host mac='52:54:00:00:00:01' ip='192.168.122.5'/>\n"
                                + "      <host mac='52:54:00:00:00:02' ip='192.168.122.5'/>"), Kind.DUPLICATE, 5,
                        "The DHCP host address 192.168.122.5 is used by more than one host."),
                row("duplicate host name", dhcp4("      <host name='db' ip='192.168.122.5'/>\n"
                                + "      <host name='DB' ip='192.168.122.6'/>"), Kind.DUPLICATE, 5,
                        "The DHCP host name db is used by more than one host."),
                row("host without mac or name", dhcp4("      <host ip='192.168.122.5'/>"), Kind.MISSING_VALUE, 4,
                        "The DHCP host 192.168.122.5 needs a 'mac' or a 'name'."),
                row("host without ip", dhcp4("      <host mac='52:54:00:00:00:01'/>"), Kind.MISSING_VALUE, 4,
                        "The DHCP host 52:54:00:00:00:01 needs an 'ip' address."),
                row("IPv6 host with mac", net("  <ip family='ipv6' address='fd00::1' prefix='64'>\n    <dhcp>\n"
                                + "      <host mac='52:54:00:00:00:01' name='a' ip='fd00::5'/>\n    </dhcp>\n  </ip>"),
                        Kind.CONFLICT, 5, "The IPv6 DHCP host fd00::5 cannot have a MAC address; identify it by "
                                + "'id' or 'name'."),
                row("bad host name", dhcp4("      <host mac='52:54:00:00:00:01' name='-bad name' ip='192.168.122.5'/>"),
                        Kind.INVALID_VALUE, 6, "The DHCP host name '-bad name' is not a valid DNS name; use labels "
                                + "of letters, digits, '-' and '_' separated by dots."),
                row("multicast host mac", dhcp4("      <host mac='01:00:5e:00:00:01' ip='192.168.122.5'/>"),
                        Kind.INVALID_VALUE, 6, "The MAC address '01:00:5e:00:00:01' is a multicast address; a "
                                + "network card needs a unicast one."),
                row("lease too short", dhcp4("      <range start='192.168.122.2' end='192.168.122.9'>\n"
                                + "        <lease expiry='90' unit='seconds'/>\n      </range>"), Kind.INVALID_VALUE, 7,
                        "The lease time 90 seconds is too short; it must be at least 2 minutes, or 0 for leases "
                                + "that never expire."),
                row("two IPv4 dhcp blocks", net("  <ip address='10.0.0.1' prefix='24'>\n    <dhcp>\n"
                                + "      <range start='10.0.0.2' end='10.0.0.9'/>\n    </dhcp>\n  </ip>\n"
                                + "  <ip address='10.1.0.1' prefix='24'>\n    <dhcp>\n"
                                + "      <range start='10.1.0.2' end='10.1.0.9'/>\n    </dhcp>\n  </ip>"),
                        Kind.DUPLICATE, 1, "Only one IPv4 <ip> may have a <dhcp> block."),
                row("tftp on IPv6", net("  <ip family='ipv6' address='fd00::1' prefix='64'>\n"
                                + "    <tftp root='/srv/tftp'/>\n  </ip>"), Kind.CONFLICT, 3,
                        "TFTP is available only on an IPv4 address, not on fd00::1."),
                row("bad bridge name", net("  <bridge name='this-name-is-too-long'/>"), Kind.INVALID_VALUE, 3,
                        "The bridge name 'this-name-is-too-long' is not a valid interface name; use 1 to 15 letters, "
                                + "digits, '_', '.', ':' or '-'."),
                row("bad stp value", net("  <bridge name='br0' stp='yes'/>"), Kind.INVALID_VALUE, 3,
                        "<bridge> attribute 'stp' has the invalid value 'yes'; expected 'on' or 'off'."),
                row("multicast bridge mac", net("  <mac address='33:33:00:00:00:01'/>"), Kind.INVALID_VALUE, 1,
                        "The MAC address '33:33:00:00:00:01' is a multicast address; a network card needs a unicast "
                                + "one."),
                row("mtu too small", net("  <mtu size='60'/>"), Kind.INVALID_VALUE, 1,
                        "The network MTU 60 is out of range; it must be from 68 to 65535."),
                row("vlan tag 5000", net("  <vlan>\n    <tag id='5000'/>\n  </vlan>"), Kind.INVALID_VALUE, 4,
                        "<tag> attribute 'id' has the invalid value '5000'; expected a number from 0 to 4095."),
                row("vlan trunk no with two tags", net("  <vlan trunk='no'>\n    <tag id='5'/>\n    <tag id='6'/>\n"
                                + "  </vlan>"), Kind.CONFLICT, 3,
                        "A <vlan> with more than one tag is a trunk; remove trunk='no'."),
                row("duplicate vlan tag", net("  <vlan>\n    <tag id='5'/>\n    <tag id='5'/>\n  </vlan>"),
                        Kind.DUPLICATE, 3, "The VLAN tag 5 is listed more than once."),
                row("nat port 0", net("  <forward mode='nat'>\n    <nat>\n      <port start='0' end='1023'/>\n"
                                + "    </nat>\n  </forward>\n  <ip address='10.0.0.1' prefix='8'/>"),
                        Kind.INVALID_VALUE, 5, "The NAT port range start 0 is out of range; it must be from 1 to "
                                + "65535."),
                row("nat ports reversed", net("  <forward mode='nat'>\n    <nat>\n"
                                + "      <port start='2000' end='1000'/>\n    </nat>\n  </forward>"),
                        Kind.INVALID_VALUE, 5, "The NAT port range 2000 to 1000 is reversed; its start must not "
                                + "come after its end."),
                row("nat address IPv6", net("  <forward mode='nat'>\n    <nat>\n"
                                + "      <address start='fd00::1' end='fd00::2'/>\n    </nat>\n  </forward>"),
                        Kind.INVALID_VALUE, 5, "The NAT address range fd00::1 to fd00::2 must consist of IPv4 "
                                + "addresses."),
                row("nat in route mode", net("  <forward mode='route'>\n    <nat/>\n  </forward>"), Kind.CONFLICT, 4,
                        "<nat> is allowed only in forward mode 'nat', not 'route'."),
                row("unsupported forward mode", net("  <forward mode='vepa'/>"), Kind.INVALID_VALUE, 3,
                        "The forward mode 'vepa' is not supported; use nat, route, open or bridge."),
                row("unknown forward mode", net("  <forward mode='masquerade'/>"), Kind.INVALID_VALUE, 3,
                        "<forward> attribute 'mode' has the invalid value 'masquerade'; expected one of nat, route, "
                                + "open, bridge."),
                row("forward mode none", net("  <forward mode='none'/>"), Kind.INVALID_VALUE, 3,
                        "The forward mode 'none' is not valid; leave out <forward> for an isolated network."),
                row("open with dev", net("  <forward mode='open' dev='eth0'/>"), Kind.CONFLICT, 3,
                        "A network with forward mode 'open' adds no firewall rules, so it cannot restrict forwarding "
                                + "to a device; remove the forward 'dev' and <interface>."),
                row("forward dev mismatch", net("  <forward mode='nat' dev='eth0'>\n"
                                + "    <interface dev='eth1'/>\n  </forward>"), Kind.CONFLICT, 3,
                        "<forward dev='eth0'> must name the same device as its <interface dev='eth1'/>."),
                row("nat without ip", net("  <forward mode='nat'/>"), Kind.MISSING_VALUE, 1,
                        "A network with forward mode 'nat' needs at least one <ip> address."),
                row("bridge mode without bridge", net("  <forward mode='bridge'/>"), Kind.MISSING_VALUE, 1,
                        "A network with forward mode 'bridge' needs either a <bridge name> or <forward> <interface> "
                                + "elements, and has neither."),
                row("bridge mode with ip", net("  <forward mode='bridge'/>\n  <bridge name='br0'/>\n"
                                + "  <ip address='10.0.0.1' prefix='8'/>"), Kind.CONFLICT, 1,
                        "A network with forward mode 'bridge' cannot have <ip>; the host gives such a network no "
                                + "addresses or services."),
                row("bridge mode with stp", net("  <forward mode='bridge'/>\n  <bridge name='br0' stp='on'/>"),
                        Kind.CONFLICT, 1, "The bridge 'stp' and 'delay' settings are allowed only for a network that "
                                + "owns its bridge, not in forward mode 'bridge'."),
                row("duplicate portgroup", net("  <portgroup name='a'/>\n  <portgroup name='a'/>"), Kind.DUPLICATE, 1,
                        "The port group 'a' is defined more than once."),
                row("two default portgroups", net("  <portgroup name='a' default='yes'/>\n"
                                + "  <portgroup name='b' default='yes'/>"), Kind.DUPLICATE, 1,
                        "Only one port group may be the default; 'b' is the second."),
                row("network bandwidth floor", net("  <bandwidth>\n    <inbound average='100' floor='50'/>\n"
                                + "  </bandwidth>"), Kind.CONFLICT, 4,
                        "A bandwidth 'floor' is not supported on a network; remove it."),
                row("bandwidth peak without average", net("  <bandwidth>\n    <outbound peak='100'/>\n"
                                + "  </bandwidth>"), Kind.MISSING_VALUE, 4,
                        "A bandwidth rate needs an 'average' (or, for inbound traffic, a 'floor')."),
                row("dns disabled with hosts", net("  <dns enable='no'>\n    <host ip='10.0.0.5'>\n"
                                + "      <hostname>a</hostname>\n    </host>\n  </dns>"), Kind.CONFLICT, 3,
                        "The DNS server is disabled (enable='no'), so <dns> must not list forwarders, hosts, SRV or "
                                + "TXT records."),
                row("dns host without hostname", net("  <dns>\n    <host ip='10.0.0.5'/>\n  </dns>"),
                        Kind.MISSING_VALUE, 4, "The DNS <host> 10.0.0.5 needs at least one <hostname>."),
                row("srv port without target", net("  <dns>\n    <srv service='ldap' protocol='tcp' port='389'/>\n"
                                + "  </dns>"), Kind.CONFLICT, 4, "The DNS SRV record for 'ldap' gives a port, priority "
                                + "or weight, which need a 'target'."),
                row("txt name with space", net("  <dns>\n    <txt name='a b' value='x'/>\n  </dns>"),
                        Kind.INVALID_VALUE, 4, "The DNS TXT record name 'a b' is not a valid DNS name; use labels of "
                                + "letters, digits, '-' and '_' separated by dots."),
                row("forwarder without attributes", net("  <dns>\n    <forwarder/>\n  </dns>"), Kind.MISSING_VALUE, 4,
                        "A DNS <forwarder> needs an 'addr' or a 'domain' attribute, or both."),
                row("not well-formed", "<network>\n  <name>t</name>\n  <bridge>\n</network>", Kind.XML_SYNTAX, 4,
                        null));
    }

    private static Arguments row(String label, String xml, Kind kind, int line, String message) {
        return Arguments.of(label, xml, kind, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejects(String label, String xml, Kind kind, int line, String message) {
        assertThatThrownBy(() -> NetworkXml.parse(xml))
                .isInstanceOfSatisfying(ConfException.class, e -> {
                    assertThat(e.kind()).as("kind").isEqualTo(kind);
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.document()).as("document").isEqualTo("network");
                    if (message != null) {
                        assertThat(e.getMessage()).isEqualTo("network XML line " + line + ": " + message);
                    } else {
                        assertThat(e.getMessage()).startsWith("network XML line " + line + ": ");
                    }
                });
    }
}
