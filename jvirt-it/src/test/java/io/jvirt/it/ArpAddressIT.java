package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code domifaddr --source arp} with a real guest on a network in the test's own namespace:
 * the guest gets a lease and pings the host's bridge, so the host's neighbour table learns its
 * MAC; the verb then names the guest's tap, its MAC and the address the guest itself printed.
 */
class ArpAddressIT extends NetDaemonTest {
    private static final Pattern DHCP = Pattern.compile("JVIRT-GUEST-DHCP eth0 ([0-9.]+)");
    private static final String MAC = "52:54:00:78:00:07";
    private static final String NET = """
            <network>
              <name>arpnet</name>
              <bridge name='jvtbr7'/>
              <ip address='10.78.0.1' prefix='24'>
                <dhcp><range start='10.78.0.100' end='10.78.0.150'/></dhcp>
              </ip>
            </network>
            """;

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void theGuestsAddressComesFromTheNeighbourTableOfItsBridge() throws Exception {
        ok("net-define", file("net.xml", NET).toString());
        ok("net-start", "arpnet");
        ok("define", file("g.xml", guestXml("arpg", nic("arpnet", MAC, null))).toString());
        ok("start", "arpg");
        try (JvirtClient c = daemon.client()) {
            String console = DaemonTest.waitForConsole(c, "arpg", "JVIRT-GUEST-DHCP eth0 ");
            Matcher m = DHCP.matcher(console);
            assertThat(m.find()).as(console).isTrue();
            String ip = m.group(1);
            DaemonTest.waitForConsole(c, "arpg", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "arpg")) {
                assertThat(sh.run("ping -c 1 -W 3 10.78.0.1", Duration.ofSeconds(30)).ok()).isTrue();
            }
            String tap = c.interfaces("arpg", false).getFirst().device();
            // right after the ping the kernel's entry is in DELAY (then PROBE): libvirt, and jvirt, take
            // an entry once it is REACHABLE or STALE
            String table = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                table = ns.exec("ip", "-4", "neigh", "show", "dev", "jvtbr7").stdout();
                if (table.lines().anyMatch(l -> l.startsWith(ip + " ") && l.contains(MAC)
                        && (l.endsWith("REACHABLE") || l.endsWith("STALE")))) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(table).contains(ip + " ").contains(MAC);

            String out = ok("domifaddr", "arpg", "--source", "arp").out();
            assertThat(out).startsWith(" Name       MAC address          Protocol     Address\n"
                    + "-------------------------------------------------------------------------------\n");
            assertThat(out).as(table).containsPattern("(?m)^ " + Pattern.quote(tap) + "\\s+" + MAC + "\\s+ipv4\\s+"
                    + Pattern.quote(ip) + "/0$");
            assertThat(ok("domifaddr", "arpg", "--source", "arp", "--json").out()).contains("\"" + ip + "\"")
                    .contains("\"prefix\" : 0");
            assertThat(c.arpAddresses("arpg")).singleElement().satisfies(i -> {
                assertThat(i.name()).isEqualTo(tap);
                assertThat(i.hwaddr()).isEqualTo(MAC);
            });
        }
    }
}
