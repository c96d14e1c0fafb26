package io.jvirt.conf.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The literal parser and canonical formatter of {@link IpAddress}, checked against tables and
 * against the JDK's literal-only parsers ({@code ofLiteral}, which never resolve names).
 */
class IpAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0|0.0.0.0", "192.168.122.1|192.168.122.1", "255.255.255.255|255.255.255.255",
        "::|::", "::1|::1", "1::|1::", "2001:DB8::1|2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1|2001:0:0:1::1", "fe80::1:2:3:4|fe80::1:2:3:4", "1:2:3:4:5:6:7::|1:2:3:4:5:6:7:0",
        "::ffff:192.0.2.1|::ffff:192.0.2.1", "::ffff:c000:0201|::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33|64:ff9b::c000:221",
        "1:2:3:4:5:6:7:8|1:2:3:4:5:6:7:8", "::0:0:1|::1"})
    void parsesAndFormatsCanonically(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertThat(a).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(a);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "1..2.3", "127.1",
        "0x7f.0.0.1", "1.2.3.-4", "localhost", "example.com", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fe80::1%eth0", "[::1]", "::1/64",
        "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "\u0661.2.3.4", "\uff11::", "1.2.3.\u0664"})
    void refusesWhatIsNotALiteral(String text) {
        assertThat(IpAddress.tryParse(text)).isNull();
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOfSatisfying(ConfException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE));
    }

    @Test
    void agreesWithTheJdkLiteralParser() throws UnknownHostException {
        Random random = new Random(20261122L);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(b);
            if (b.length == 16) {
                for (int k = 0; k < 16; k++) {
                    if (random.nextInt(3) == 0) {
                        b[k] = 0;
                    }
                }
                b[0] = (byte) (b[0] | 1); // stay clear of IPv4-mapped addresses, which the JDK turns into IPv4
            }
            InetAddress jdk = InetAddress.getByAddress(b); // from bytes: no lookup
            IpAddress ours = IpAddress.parse(jdk.getHostAddress());
            assertThat(ours.toBytes()).as(jdk.getHostAddress()).isEqualTo(b);
            InetAddress back = b.length == 4 ? Inet4Address.ofLiteral(ours.toString())
                    : Inet6Address.ofLiteral(ours.toString());
            assertThat(back.getAddress()).as(ours.toString()).isEqualTo(b);
        }
    }

    @Test
    void ordersByFamilyThenValue() {
        assertThat(IpAddress.parse("10.0.0.2")).isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
        assertThat(IpAddress.parse("8000::")).isGreaterThan(IpAddress.parse("7fff::ffff"));
        assertThat(IpAddress.parse("::8000:0:0:0")).isGreaterThan(IpAddress.parse("::7fff:ffff:ffff:ffff"));
    }

    @Test
    void cidrArithmetic() {
        Cidr c = Cidr.parse("192.168.122.1/24");
        assertThat(c.network()).hasToString("192.168.122.0");
        assertThat(c.last()).hasToString("192.168.122.255");
        assertThat(c.netmask()).hasToString("255.255.255.0");
        assertThat(c.contains(IpAddress.parse("192.168.122.200"))).isTrue();
        assertThat(c.contains(IpAddress.parse("192.168.123.1"))).isFalse();
        assertThat(c.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(c.isReserved(IpAddress.parse("192.168.122.0"))).isTrue();
        assertThat(c.isReserved(IpAddress.parse("192.168.122.255"))).isTrue();
        assertThat(c.isReserved(IpAddress.parse("192.168.122.254"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/31").isReserved(IpAddress.parse("10.0.0.0"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3/8").network()).hasToString("10.0.0.0");
        assertThat(Cidr.parse("10.1.2.3/0").last()).hasToString("255.255.255.255");

        Cidr v6 = Cidr.parse("fd00:dead:beef:64::1/64");
        assertThat(v6.network()).hasToString("fd00:dead:beef:64::");
        assertThat(v6.last()).hasToString("fd00:dead:beef:64:ffff:ffff:ffff:ffff");
        assertThat(Cidr.parse("2001:db8::1/72").last()).hasToString("2001:db8::ff:ffff:ffff:ffff");
        assertThat(Cidr.parse("2001:db8::1/127").network()).hasToString("2001:db8::");
        assertThat(v6.contains(IpAddress.parse("fd00:dead:beef:64:1::"))).isTrue();
        assertThat(v6.contains(IpAddress.parse("fd00:dead:beef:65::"))).isFalse();
        assertThat(v6.isReserved(v6.network())).isFalse();
        assertThat(v6).hasToString("fd00:dead:beef:64::1/64");
    }

    @Test
    void netmaskPrefixes() {
        assertThat(IpAddress.parse("255.255.255.0").netmaskPrefix()).isEqualTo(24);
        assertThat(IpAddress.parse("255.255.255.255").netmaskPrefix()).isEqualTo(32);
        assertThat(IpAddress.parse("0.0.0.0").netmaskPrefix()).isZero();
        assertThat(IpAddress.parse("255.0.255.0").netmaskPrefix()).isEqualTo(-1);
        assertThat(IpAddress.parse("ffff:ffff:ffff:ffff::").netmaskPrefix()).isEqualTo(64);
        for (int p = 0; p <= 32; p++) {
            assertThat(IpAddress.netmask(IpFamily.IPV4, p).netmaskPrefix()).isEqualTo(p);
        }
    }

    @Test
    void cidrErrors() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/33")).hasMessage(
                "The prefix length 33 is out of range for an IPv4 address; it must be from 0 to 32.");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1")).hasMessage(
                "The address and prefix '10.0.0.1' is not valid; write an address, '/' and a prefix length, such as "
                        + "192.168.122.1/24.");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/x")).hasMessage("The prefix length 'x' is not a number.");
    }
}
